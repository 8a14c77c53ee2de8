/**
 * The parts of CloudWatch's AWS JSON 1.0 protocol (`X-Amz-Target: GraniteServiceVersion20100801.*`,
 * `Content-Type: application/x-amz-json-1.0`) that PutMetricData uses, and the request limits the
 * real service enforces, so a publisher that breaks them fails here as it would on AWS.
 */

export const putMetricDataTarget = "GraniteServiceVersion20100801.PutMetricData";
export const jsonContentType = "application/x-amz-json-1.0";

/** Limits of one PutMetricData request, as documented for the service. */
export const putMetricDataLimits = {
  datums: 1000,
  valuesPerDatum: 150,
  dimensionsPerDatum: 30,
  payloadBytes: 1024 * 1024,
} as const;

export interface ReceivedDatum {
  MetricName: string;
  Dimensions: { Name: string; Value: string }[];
  Timestamp?: Date;
  Unit?: string;
  Value?: number;
  StatisticValues?: { SampleCount: number; Sum: number; Minimum: number; Maximum: number };
  Values?: number[];
  Counts?: number[];
  StorageResolution?: number;
}

/** One accepted PutMetricData call. */
export interface ReceivedPutMetricData {
  namespace: string;
  datums: ReceivedDatum[];
  /** Whether the body arrived gzip-compressed (the SDK compresses larger requests). */
  gzipped: boolean;
  bytes: number;
}

/** A protocol error: the status, the `__type` shape name and the AWS Query error code. */
export class CloudWatchFault extends Error {
  readonly status: number;
  readonly shape: string;
  readonly queryCode: string;
  constructor(status: number, shape: string, queryCode: string, message: string) {
    super(message);
    this.status = status;
    this.shape = shape;
    this.queryCode = queryCode;
  }
}

export function invalidParameter(message: string): CloudWatchFault {
  return new CloudWatchFault(400, "InvalidParameterValueException", "InvalidParameterValue", message);
}

/** Parses and checks a PutMetricData body, throwing the fault CloudWatch would answer with. */
export function parsePutMetricData(body: unknown): { namespace: string; datums: ReceivedDatum[] } {
  const input = body as { Namespace?: unknown; MetricData?: unknown };
  if (typeof input?.Namespace !== "string" || input.Namespace === "") {
    throw new CloudWatchFault(400, "MissingRequiredParameterException", "MissingParameter", "Namespace");
  }
  if (input.Namespace.startsWith("AWS/")) throw invalidParameter("Namespace must not start with AWS/");
  if (!Array.isArray(input.MetricData) || input.MetricData.length === 0) {
    throw new CloudWatchFault(400, "MissingRequiredParameterException", "MissingParameter", "MetricData");
  }
  if (input.MetricData.length > putMetricDataLimits.datums) {
    throw invalidParameter(`MetricData has ${input.MetricData.length} members, at most 1000 allowed`);
  }
  return { namespace: input.Namespace, datums: input.MetricData.map(parseDatum) };
}

function parseDatum(raw: unknown, index: number): ReceivedDatum {
  const d = raw as Record<string, unknown>;
  const where = `MetricData.member.${index + 1}`;
  if (typeof d.MetricName !== "string" || d.MetricName === "") throw invalidParameter(`${where}.MetricName`);
  const dimensions = (d.Dimensions ?? []) as { Name: string; Value: string }[];
  if (dimensions.length > putMetricDataLimits.dimensionsPerDatum) {
    throw invalidParameter(`${where}.Dimensions has more than 30 members`);
  }
  for (const dim of dimensions) {
    if (!dim.Name || !dim.Value) throw invalidParameter(`${where}.Dimensions: empty name or value`);
  }
  const forms = ["Value", "StatisticValues", "Values"].filter((key) => d[key] !== undefined);
  if (forms.length !== 1)
    throw invalidParameter(`${where}: give exactly one of Value, StatisticValues, Values`);
  const values = d.Values as number[] | undefined;
  const counts = d.Counts as number[] | undefined;
  if (values && values.length > putMetricDataLimits.valuesPerDatum) {
    throw invalidParameter(`${where}.Values has ${values.length} members, at most 150 allowed`);
  }
  if (counts && counts.length !== values?.length) {
    throw invalidParameter(`${where}: Counts must be as long as Values`);
  }
  for (const n of [d.Value, ...(values ?? []), ...(counts ?? [])]) {
    if (n !== undefined && (typeof n !== "number" || !Number.isFinite(n))) {
      throw invalidParameter(`${where}: values must be finite numbers`);
    }
  }
  return {
    ...(d as unknown as ReceivedDatum),
    Dimensions: dimensions,
    ...(typeof d.Timestamp === "number" ? { Timestamp: new Date(d.Timestamp * 1000) } : {}),
  };
}
