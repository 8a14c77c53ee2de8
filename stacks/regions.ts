/**
 * Where Finchat runs and where its copies go. Pinned here (sst.config.ts sets the provider's
 * region from it), so a deployer's AWS_REGION or profile can never put a stage elsewhere. The
 * backup region holds the cross-region copies of the database's recovery points and the
 * replica of the bucket.
 */
export const regions = { primary: "us-east-1", backup: "us-west-2" } as const;
