import { bucket, database, databaseServer, redis } from "./data.ts";
import {
  appEnvironment,
  appImage,
  containerHealth,
  logGroupName,
  metricsPermissions,
  stopTimeoutTransform,
} from "./fargate.ts";
import { appMetrics, stageDimension } from "./metrics.ts";
import { cluster } from "./network.ts";
import { alarmName, deploymentSettings, rollbackAlarms } from "./release.ts";
import { readOwnSecretsOnly, secretArgs } from "./secrets.ts";
import { drain } from "./settings.ts";
import { stage } from "./stage.ts";

/** The job runners: no load balancer; scaled on CPU and on queue depth per task. */
export const worker = new sst.aws.Service(
  "Worker",
  {
    cluster,
    image: appImage("worker"),
    cpu: stage.worker.cpu,
    memory: stage.worker.memory,
    link: [redis, bucket, database, ...secretArgs().link],
    ssm: secretArgs().ssm,
    permissions: metricsPermissions,
    environment: appEnvironment({ service: "worker", shutdownTimeoutMs: drain.worker.shutdownTimeoutMs }),
    health: containerHealth(),
    scaling: {
      min: stage.worker.min,
      max: stage.worker.max,
      cpuUtilization: stage.worker.cpuTarget,
      memoryUtilization: false,
      scaleOutCooldown: "60 seconds",
      scaleInCooldown: "300 seconds",
    },
    capacity: stage.spot ? "spot" : undefined,
    logging: { name: logGroupName(stage.name, "worker"), retention: stage.logRetention },
    wait: stage.productionLike,
    dev: { command: "npm exec -- node --watch functions/worker.ts" },
    transform: {
      executionRole: readOwnSecretsOnly,
      // No load balancer to shift traffic on: the Worker rolls, and rolls back on its alarms.
      service: deploymentSettings(
        "rolling",
        stage.alarms ? rollbackAlarms.worker.map((a) => alarmName(stage.name, a)) : [],
      ),
      taskDefinition: stopTimeoutTransform(drain.worker.stopTimeoutSeconds),
    },
  },
  { dependsOn: databaseServer ? [databaseServer] : [] },
);

/**
 * Target tracking on waiting jobs per running task: queue depth (published by the app) divided
 * by the task count (Container Insights). Scaling out on either this or CPU, in only when both
 * agree, is how Application Auto Scaling combines target-tracking policies.
 */
function queueDepthScaling() {
  const target = worker.nodes.autoScalingTarget;
  return new aws.appautoscaling.Policy("WorkerQueueDepthScaling", {
    policyType: "TargetTrackingScaling",
    serviceNamespace: target.serviceNamespace,
    scalableDimension: target.scalableDimension,
    resourceId: target.resourceId,
    targetTrackingScalingPolicyConfiguration: {
      targetValue: stage.worker.backlogPerTask,
      scaleOutCooldown: 60,
      scaleInCooldown: 300,
      customizedMetricSpecification: {
        metrics: [
          {
            id: "depth",
            returnData: false,
            metricStat: {
              stat: "Maximum",
              metric: {
                namespace: appMetrics.namespace,
                metricName: appMetrics.queueDepth,
                dimensions: toDimensions(stageDimension(stage.name)),
              },
            },
          },
          {
            id: "tasks",
            returnData: false,
            metricStat: {
              stat: "Average",
              metric: {
                namespace: "ECS/ContainerInsights",
                metricName: "RunningTaskCount",
                dimensions: [
                  { name: "ClusterName", value: cluster.nodes.cluster.name },
                  { name: "ServiceName", value: worker.nodes.service.apply((service) => service.name) },
                ],
              },
            },
          },
          {
            id: "depthPerTask",
            expression: "depth / tasks",
            label: "Waiting jobs per Worker task",
            returnData: true,
          },
        ],
      },
    },
  });
}

function toDimensions(dimensions: Record<string, string>) {
  return Object.entries(dimensions).map(([name, value]) => ({ name, value }));
}

export const workerQueueScaling =
  !$dev && stage.containerInsights && stage.worker.max > stage.worker.min ? queueDepthScaling() : undefined;
