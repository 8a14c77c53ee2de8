import { api } from "./api.ts";
import { dashboardWidgets } from "./dashboard.ts";
import { databaseServer, redis } from "./data.ts";
import { logGroupName } from "./fargate.ts";
import { appMetrics, stageDimension } from "./metrics.ts";
import { cluster } from "./network.ts";
import { stage } from "./stage.ts";
import { router } from "./web.ts";
import { worker } from "./worker.ts";

type AlarmArgs = Omit<
  aws.cloudwatch.MetricAlarmArgs,
  "name" | "alarmActions" | "okActions" | "alarmDescription"
>;

const workerErrorsNamespace = `${appMetrics.namespace}/${stage.name}`;

function resolvedSources() {
  return {
    region: aws.getRegionOutput().region,
    loadBalancer: api.nodes.loadBalancer.arnSuffix,
    cluster: cluster.nodes.cluster.name,
    apiService: api.nodes.service.apply((service) => service.name),
    workerService: worker.nodes.service.apply((service) => service.name),
    distribution: router ? router.distributionID : $util.output(""),
    databaseService: databaseServer
      ? databaseServer.nodes.service.apply((service) => service.name)
      : $util.output(""),
    // The primary node; with a replica the two hold the same data.
    redisNode: redis.nodes.cluster.apply((group) => group.memberClusters).apply((ids) => ids[0] ?? ""),
  };
}

function createAlarms(sources: ReturnType<typeof resolvedSources>) {
  const topic = new aws.sns.Topic("Alerts");
  // The on-call address from FINCHAT_ALERT_EMAIL (required for production and canary); AWS mails
  // it a confirmation link once.
  if (stage.alertEmail) {
    new aws.sns.TopicSubscription("AlertsSubscriber", {
      topic: topic.arn,
      protocol: "email",
      endpoint: stage.alertEmail,
    });
  }
  // AWS Backup reports a failed, aborted or expired backup or copy job as an event.
  new aws.sns.TopicPolicy("AlertsFromEvents", {
    arn: topic.arn,
    policy: $jsonStringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sns:Publish",
          Resource: topic.arn,
        },
      ],
    }),
  });
  const backupFailures = new aws.cloudwatch.EventRule("BackupFailures", {
    name: `finchat-${stage.name}-backup-failures`,
    description: `A backup or copy job of stage ${stage.name} failed (runbook: docs/operations.md)`,
    eventPattern: $jsonStringify(backupFailurePattern()),
  });
  new aws.cloudwatch.EventTarget("BackupFailuresToAlerts", { rule: backupFailures.name, arn: topic.arn });
  const alarm = (name: string, description: string, args: AlarmArgs) =>
    new aws.cloudwatch.MetricAlarm(name, {
      name: `finchat-${stage.name}-${name}`,
      alarmDescription: `${description} (stage ${stage.name}; runbook: docs/deploy.md)`,
      alarmActions: [topic.arn],
      okActions: [topic.arn],
      ...args,
    });
  const alb = (id: string, metricName: string) => ({
    id,
    metric: {
      namespace: "AWS/ApplicationELB",
      metricName,
      dimensions: { LoadBalancer: sources.loadBalancer },
      period: 60,
      stat: "Sum",
    },
  });
  const app = (metricName: string) => ({
    namespace: appMetrics.namespace,
    metricName,
    dimensions: stageDimension(stage.name),
    statistic: "Maximum",
    period: 60,
  });

  const alarms = {
    api5xxRate: alarm("Api5xxRate", "More than 5% of Api requests answered 5xx", {
      comparisonOperator: "GreaterThanThreshold",
      threshold: 5,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
      metricQueries: [
        alb("targetErrors", "HTTPCode_Target_5XX_Count"),
        alb("balancerErrors", "HTTPCode_ELB_5XX_Count"),
        alb("requests", "RequestCount"),
        {
          id: "rate",
          // Below 20 requests a minute one failure is not a rate.
          expression:
            "IF(requests >= 20, 100 * (FILL(targetErrors, 0) + FILL(balancerErrors, 0)) / requests, 0)",
          label: "5xx %",
          returnData: true,
        },
      ],
    }),
    apiP99Latency: alarm("ApiP99Latency", "Api p99 time to first byte above 2 s", {
      namespace: "AWS/ApplicationELB",
      metricName: "TargetResponseTime",
      dimensions: { LoadBalancer: sources.loadBalancer },
      extendedStatistic: "p99",
      period: 60,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 2,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
    }),
    timeToFirstToken: alarm("TimeToFirstToken", "Chat p90 time to first token above 15 s", {
      namespace: appMetrics.namespace,
      metricName: appMetrics.timeToFirstToken,
      dimensions: { ...stageDimension(stage.name), Service: "worker" },
      extendedStatistic: "p90",
      period: 60,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 15_000,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
    }),
    deadLetters: alarm("DeadLetterJobs", "A job exhausted its retries and sits in a dead-letter queue", {
      ...app(appMetrics.deadLetterJobs),
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 1,
      treatMissingData: "notBreaching",
    }),
    oldestJobAge: alarm(
      "OldestJobAge",
      "The oldest waiting job is older than 5 minutes, or no Worker reports",
      {
        ...app(appMetrics.oldestJobAge),
        comparisonOperator: "GreaterThanThreshold",
        threshold: 300,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: "breaching",
      },
    ),
    redisMemory: alarm("RedisMemory", "Redis memory above 80%: with noeviction, writes fail when full", {
      namespace: "AWS/ElastiCache",
      metricName: "DatabaseMemoryUsagePercentage",
      dimensions: { CacheClusterId: sources.redisNode },
      statistic: "Maximum",
      period: 60,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 80,
      evaluationPeriods: 3,
      treatMissingData: "breaching",
    }),
    databaseDown: alarm("DatabaseServerDown", "No sqld task is running: the database is unreachable", {
      namespace: "ECS/ContainerInsights",
      metricName: "RunningTaskCount",
      dimensions: { ClusterName: sources.cluster, ServiceName: sources.databaseService },
      statistic: "Minimum",
      period: 60,
      comparisonOperator: "LessThanThreshold",
      threshold: 1,
      evaluationPeriods: 2,
      treatMissingData: "breaching",
    }),
    apiTasksBelowDesired: alarm("ApiTasksBelowDesired", "Fewer Api tasks run than ECS wants", {
      ...belowDesired(sources.apiService),
    }),
    workerTasksBelowDesired: alarm("WorkerTasksBelowDesired", "Fewer Worker tasks run than ECS wants", {
      ...belowDesired(sources.workerService),
    }),
    apiUnhealthyHosts: alarm("ApiUnhealthyHosts", "An Api task fails the load balancer's liveness check", {
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
      metricQueries: [
        {
          id: "unhealthy",
          // Every target group of the load balancer (the second one exists for releases).
          expression: $interpolate`SELECT MAX(UnHealthyHostCount) FROM SCHEMA("AWS/ApplicationELB", LoadBalancer, TargetGroup) WHERE LoadBalancer = '${sources.loadBalancer}'`,
          period: 60,
          label: "Unhealthy Api targets",
          returnData: true,
        },
      ],
    }),
    cdn5xxRate: alarm("Cdn5xxRate", "More than 5% of CloudFront responses are 5xx", {
      namespace: "AWS/CloudFront",
      metricName: "5xxErrorRate",
      dimensions: { DistributionId: sources.distribution, Region: "Global" },
      statistic: "Average",
      period: 60,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 5,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
    }),
    workerErrors: alarm("WorkerErrors", "More than 10 error log lines from Workers in 5 minutes", {
      namespace: workerErrorsNamespace,
      metricName: "WorkerErrorLines",
      statistic: "Sum",
      period: 300,
      comparisonOperator: "GreaterThanThreshold",
      threshold: 10,
      evaluationPeriods: 1,
      treatMissingData: "notBreaching",
    }),
  };
  return { topic, alarms, backupFailures };

  /** Running below desired for 5 minutes: longer than a deploy or a scale-out takes. */
  function belowDesired(service: $util.Input<string>): AlarmArgs {
    const ecs = (id: string, metricName: string) => ({
      id,
      metric: {
        namespace: "ECS/ContainerInsights",
        metricName,
        dimensions: { ClusterName: sources.cluster, ServiceName: service },
        period: 60,
        stat: "Average",
      },
    });
    return {
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: "breaching",
      metricQueries: [
        ecs("desired", "DesiredTaskCount"),
        ecs("running", "RunningTaskCount"),
        { id: "missing", expression: "desired - running", label: "Tasks missing", returnData: true },
      ],
    };
  }
}

function createMonitoring() {
  const sources = resolvedSources();
  // pino writes level 50 for error and 60 for fatal.
  new aws.cloudwatch.LogMetricFilter(
    "WorkerErrorLines",
    {
      logGroupName: logGroupName(stage.name, "worker"),
      pattern: "{ $.level >= 50 }",
      metricTransformation: {
        namespace: workerErrorsNamespace,
        name: "WorkerErrorLines",
        value: "1",
        defaultValue: "0",
      },
    },
    { dependsOn: [worker] },
  );
  const dashboard = new aws.cloudwatch.Dashboard("Dashboard", {
    dashboardName: `finchat-${stage.name}`,
    dashboardBody: $jsonStringify({
      widgets: dashboardWidgets({ ...sources, stage: stage.name, workerErrorsNamespace }),
    }),
  });
  return { dashboard, ...(stage.alarms ? createAlarms(sources) : {}) };
}

/** Nothing to watch under `sst dev`: the services run on the developer's machine. */
export const monitoring = $dev ? undefined : createMonitoring();

/** The EventBridge pattern of AWS Backup jobs that did not produce a recovery point or copy. */
export function backupFailurePattern() {
  return {
    source: ["aws.backup"],
    "detail-type": ["Backup Job State Change", "Copy Job State Change"],
    detail: { state: ["FAILED", "ABORTED", "EXPIRED"] },
  };
}
