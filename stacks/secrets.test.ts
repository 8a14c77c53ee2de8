import { linkedEnv } from "@finchat/core/linked-resources";
import { describe, expect, it } from "vitest";
import { plain } from "./stand-ins.ts";
import { type Args, all, deploy, one, production, service } from "./test-deploy.ts";

describe("secrets by reference", () => {
  it("keeps secret values out of the task definitions: SSM SecureStrings named under secrets", async () => {
    const { recording } = await production();
    const parameters = Object.fromEntries(
      all(recording, "aws.ssm.Parameter").map((p) => [p.name, plain<Args>(p.args)]),
    );
    const secrets = all(recording, "sst.Secret")
      .map((s) => s.name)
      .filter((name) => name !== "DatabaseAuthPublicKey");
    expect(Object.keys(parameters).sort()).toEqual(secrets.map((s) => `${s}Parameter`).sort());
    for (const name of ["Api", "Worker"]) {
      const args = service(recording, name);
      // Nothing secret in the environment, and no secret linked (a link is an environment value).
      expect(Object.keys(args.environment).filter((k) => k.startsWith("SST_RESOURCE_"))).toEqual([]);
      expect(args.link.filter((l: string) => secrets.includes(l.slice(1, -1)))).toEqual([]);
      const env: Record<string, string> = {};
      for (const [variable, arn] of Object.entries(args.ssm as Record<string, string>)) {
        const parameterName = String(arn).replace(/^<|\.arn>$/g, "");
        const parameter = parameters[parameterName];
        expect(parameter, variable).toMatchObject({
          type: "SecureString",
          name: expect.stringMatching(/^\/finchat\/production\//),
        });
        // ECS sets the variable to the parameter's value when the task starts.
        env[variable] = parameter?.value;
      }
      // The app reads the injected values as it read the links.
      const read = linkedEnv(env);
      expect(read.OPENAI_API_KEY).toBe("<OpenaiApiKey.value>");
      expect(read.DATABASE_AUTH_TOKEN).toBe("<DatabaseAuthToken.value>");
      expect(Object.keys(env)).toHaveLength(secrets.length);
    }
  });

  it("lets the execution role read this stage's parameters and nothing else", async () => {
    const { recording } = await production();
    const transform = (one(recording, "sst.aws.Service", "Api").args as Args).transform.executionRole;
    const role: Args = { inlinePolicies: [{ name: "inline", policy: "ssm:GetParameters on *" }] };
    transform(role, {}, "ApiExecutionRole");
    const policy = JSON.parse(plain<Args>(role).inlinePolicies[0].policy);
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0].Action).toEqual(["ssm:GetParameters"]);
    const resources = policy.Statement[0].Resource as string[];
    expect(resources).not.toContain("*");
    expect(resources).toHaveLength(all(recording, "aws.ssm.Parameter").length);
    for (const arn of resources) expect(arn).toMatch(/^<\w+Parameter\.arn>$/);
  });

  it("runs the tasks in private subnets without public addresses", async () => {
    const { recording } = await production();
    const cluster = plain<Args>(one(recording, "sst.aws.Cluster", "Cluster").args);
    // A VPC given as subnets (not the Vpc component) makes the Service assign no public IP.
    expect(cluster.vpc).toMatchObject({
      containerSubnets: "<Vpc.privateSubnets>",
      loadBalancerSubnets: "<Vpc.publicSubnets>",
      cloudmapNamespaceId: "<Vpc.nodes.cloudmapNamespace.id>",
    });
    expect(plain<Args>(one(recording, "sst.aws.Vpc", "Vpc").args)).toEqual({ az: 2, nat: "managed" });
    const personal = plain<Args>(one((await deploy("alice")).recording, "sst.aws.Vpc", "Vpc").args);
    expect(personal.nat).toBe("ec2");
  });
});
