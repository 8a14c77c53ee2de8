import { appMetrics } from "./metrics.ts";

type Value = $util.Input<string>;

export interface DashboardSources {
  stage: string;
  region: Value;
  loadBalancer: Value;
  cluster: Value;
  apiService: Value;
  workerService: Value;
  redisNode: Value;
  workerErrorsNamespace: string;
}

/** The CloudWatch dashboard's widgets, one row per concern: traffic, services, queues, Redis. */
export function dashboardWidgets(s: DashboardSources) {
  const alb = (name: string, stat: string) => [
    "AWS/ApplicationELB",
    name,
    "LoadBalancer",
    s.loadBalancer,
    { stat },
  ];
  const ecs = (service: Value) => [
    "AWS/ECS",
    "CPUUtilization",
    "ClusterName",
    s.cluster,
    "ServiceName",
    service,
  ];
  const app = (name: string) => [appMetrics.namespace, name, "Stage", s.stage, { stat: "Maximum" }];
  const widget = (title: string, metrics: unknown[][], x: number, y: number) => ({
    type: "metric",
    x,
    y,
    width: 8,
    height: 6,
    properties: { title, region: s.region, metrics, period: 60, view: "timeSeries", stacked: false },
  });
  return [
    widget("Requests", [alb("RequestCount", "Sum")], 0, 0),
    widget("5xx", [alb("HTTPCode_Target_5XX_Count", "Sum"), alb("HTTPCode_ELB_5XX_Count", "Sum")], 8, 0),
    widget("Response time p99 (s)", [alb("TargetResponseTime", "p99")], 16, 0),
    widget("Api CPU %", [ecs(s.apiService)], 0, 6),
    widget("Worker CPU %", [ecs(s.workerService)], 8, 6),
    widget("Worker error lines", [[s.workerErrorsNamespace, "WorkerErrorLines", { stat: "Sum" }]], 16, 6),
    widget("Waiting jobs", [app(appMetrics.queueDepth)], 0, 12),
    widget("Oldest waiting job (s)", [app(appMetrics.oldestJobAge)], 8, 12),
    widget("Dead-lettered jobs", [app(appMetrics.deadLetterJobs)], 16, 12),
    widget(
      "Worker chat saturation % (scales at 70)",
      [[appMetrics.namespace, appMetrics.chatSaturationPercent, "Stage", s.stage, { stat: "Average" }]],
      8,
      18,
    ),
    widget(
      "Chat turns in flight",
      [[appMetrics.namespace, appMetrics.chatTurnsInFlight, "Stage", s.stage, { stat: "Sum" }]],
      16,
      18,
    ),
    widget(
      "Redis memory %",
      [
        [
          "AWS/ElastiCache",
          "DatabaseMemoryUsagePercentage",
          "CacheClusterId",
          s.redisNode,
          { stat: "Maximum" },
        ],
      ],
      0,
      18,
    ),
  ];
}
