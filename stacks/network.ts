import { stage } from "./stage.ts";

/**
 * SST's Vpc puts Fargate tasks in public subnets with public IPs (outbound to OpenAI, GitHub and
 * Jira without a NAT gateway) behind a security group that only admits traffic from inside the
 * VPC; Redis and EFS sit in the private subnets.
 */
export const vpc = new sst.aws.Vpc("Vpc", { az: 2 });

export const cluster = new sst.aws.Cluster("Cluster", {
  vpc,
  transform: {
    cluster: {
      settings: [{ name: "containerInsights", value: stage.containerInsights ? "enabled" : "disabled" }],
    },
  },
});
