import { bucket, database, databaseServer, redis } from "./data.ts";
import { appEnvironment, appImage, containerHealth, logGroupName, stopTimeoutTransform } from "./fargate.ts";
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

/** Target average saturation (turns in flight / capacity) of the Worker tasks, percent. */
export const saturationTarget = 70;

/**
 * Scaling on what the Worker is busy with, beside CPU. Application Auto Scaling scales out when
 * any policy asks for more tasks and in only when all of them allow fewer:
 * - saturation: the tasks' average `ChatSaturationPercent` (chat turns in flight over capacity)
 *   kept near 70%: a Worker waiting on the model uses little CPU while it is full;
 * - waiting jobs per running task (queue depth over Container Insights' task count) near 10;
 * - oldest waiting job: steps of +1 task past 60 s and +2 past 5 minutes, for a backlog that
 *   neither of the others sees (jobs other than chat turns).
 */
function workerScaling() {
  const target = worker.nodes.autoScalingTarget;
  const scalable = {
    serviceNamespace: target.serviceNamespace,
    scalableDimension: target.scalableDimension,
    resourceId: target.resourceId,
  };
  const stageDimensions = toDimensions(stageDimension(stage.name));
  const saturation = new aws.appautoscaling.Policy("WorkerSaturationScaling", {
    ...scalable,
    policyType: "TargetTrackingScaling",
    targetTrackingScalingPolicyConfiguration: {
      targetValue: saturationTarget,
      scaleOutCooldown: 60,
      scaleInCooldown: 300,
      customizedMetricSpecification: {
        namespace: appMetrics.namespace,
        metricName: appMetrics.chatSaturationPercent,
        dimensions: stageDimensions,
        statistic: "Average",
      },
    },
  });
  const queueDepth = stage.containerInsights
    ? new aws.appautoscaling.Policy("WorkerQueueDepthScaling", {
        ...scalable,
        policyType: "TargetTrackingScaling",
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
                    dimensions: stageDimensions,
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
      })
    : undefined;
  const age = new aws.appautoscaling.Policy("WorkerJobAgeScaling", {
    ...scalable,
    policyType: "StepScaling",
    stepScalingPolicyConfiguration: {
      adjustmentType: "ChangeInCapacity",
      cooldown: 120,
      metricAggregationType: "Maximum",
      // Bounds are relative to the alarm's threshold (60 s).
      stepAdjustments: [
        { metricIntervalLowerBound: "0", metricIntervalUpperBound: "240", scalingAdjustment: 1 },
        { metricIntervalLowerBound: "240", scalingAdjustment: 2 },
      ],
    },
  });
  new aws.cloudwatch.MetricAlarm("WorkerJobAgeScalingAlarm", {
    name: `finchat-${stage.name}-WorkerJobAgeScaling`,
    alarmDescription: "Scales the Worker out while a job waits longer than 60 s (not an alert)",
    namespace: appMetrics.namespace,
    metricName: appMetrics.oldestJobAge,
    dimensions: stageDimension(stage.name),
    statistic: "Maximum",
    period: 60,
    evaluationPeriods: 2,
    comparisonOperator: "GreaterThanThreshold",
    threshold: 60,
    treatMissingData: "notBreaching",
    alarmActions: [age.arn],
  });
  return { saturation, queueDepth, age };
}

function toDimensions(dimensions: Record<string, string>) {
  return Object.entries(dimensions).map(([name, value]) => ({ name, value }));
}

export const workerScalingPolicies =
  !$dev && stage.worker.max > stage.worker.min ? workerScaling() : undefined;
