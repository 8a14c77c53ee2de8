import { stage } from "./stage.ts";

/**
 * The Api's and Worker's tasks run in the private subnets without public addresses, and reach
 * OpenAI, GitHub and Jira through NAT: a managed NAT gateway per zone on production-like stages,
 * SST's cheaper NAT instances elsewhere. Only the load balancer (admitting CloudFront only) sits
 * in the public subnets; Redis and EFS are private as before.
 */
export const vpc = new sst.aws.Vpc("Vpc", { az: 2, nat: stage.productionLike ? "managed" : "ec2" });

export const cluster = new sst.aws.Cluster("Cluster", {
  vpc: {
    id: vpc.id,
    securityGroups: vpc.securityGroups,
    containerSubnets: vpc.privateSubnets,
    loadBalancerSubnets: vpc.publicSubnets,
    cloudmapNamespaceId: vpc.nodes.cloudmapNamespace.id,
    cloudmapNamespaceName: vpc.nodes.cloudmapNamespace.name,
  },
  transform: {
    cluster: {
      settings: [{ name: "containerInsights", value: stage.containerInsights ? "enabled" : "disabled" }],
    },
  },
});
