/**
 * Recording stand-ins for the globals SST injects into `run()` (`sst`, `aws`, `$app`, `$dev`,
 * `$interpolate`, `$jsonStringify`, `$util`, `$config`), for tests. Every `new sst.x.Y(name,
 * args)` or `new aws.x.Y(...)` is recorded and answers with a symbolic value: reading a property
 * gives a symbol for that path (`<Api.url>`), calling a method records the call, and an
 * Output's `apply` runs its callback on the symbol. Symbols print and serialise as `<path>`.
 */

export interface ComponentRecord {
  type: string;
  name: string;
  args: Record<string, unknown>;
  opts?: Record<string, unknown>;
}

export interface CallRecord {
  path: string;
  args: unknown[];
}

export interface Recording {
  components: ComponentRecord[];
  calls: CallRecord[];
}

/** A resolved value wrapped like a Pulumi Output. */
class Known<T> {
  value: T;
  constructor(value: T) {
    this.value = value;
    // An output of a promise (a value set later in the program) takes the value once it settles.
    if (value instanceof Promise) {
      value.then((settled) => {
        this.value = unwrap(settled) as T;
      });
    }
  }
  apply<U>(fn: (value: T) => U): unknown {
    return output(fn(this.value));
  }
  toJSON() {
    return isSymbolic(this.value) ? String(this.value) : this.value;
  }
}

const symbolPaths = new WeakSet<object>();

function isSymbolic(value: unknown): boolean {
  return (
    (typeof value === "function" || typeof value === "object") && value !== null && symbolPaths.has(value)
  );
}

function output(value: unknown): unknown {
  return isSymbolic(value) || value instanceof Known ? value : new Known(value);
}

// Keys that test tooling probes on any object; a symbol must not pretend to have them.
const absent = new Set(["then", "asymmetricMatch", "$$typeof", "nodeType", "constructor", "prototype"]);

function symbolic(path: string, recording: Recording): unknown {
  // A `function` (not an arrow) so that `new` reaches the construct trap.
  const proxy: object = new Proxy(function standIn() {}, {
    get(_target, key) {
      if (key === Symbol.toPrimitive || key === "toString" || key === "toJSON") return () => `<${path}>`;
      if (typeof key !== "string" || absent.has(key)) return undefined;
      if (key === "apply") return (fn: (value: unknown) => unknown) => output(fn(proxy));
      return symbolic(`${path}.${key}`, recording);
    },
    apply(_target, _this, args: unknown[]) {
      recording.calls.push({ path, args });
      return symbolic(`${path}()`, recording);
    },
    construct(_target, [name, args, opts]: unknown[]) {
      const record = { type: path, name: String(name), args: (args ?? {}) as Record<string, unknown> };
      recording.components.push(opts ? { ...record, opts: opts as Record<string, unknown> } : record);
      return symbolic(String(name), recording) as object;
    },
  });
  symbolPaths.add(proxy);
  return proxy;
}

/** Installs fresh stand-ins on `globalThis` for one `run()` of `stage`. */
export function installStandIns(stage: string, dev: boolean): Recording {
  const recording: Recording = { components: [], calls: [] };
  Object.assign(globalThis, {
    sst: symbolic("sst", recording),
    aws: symbolic("aws", recording),
    $app: { name: "finchat", stage, removal: "remove", protect: false, providers: {} },
    $dev: dev,
    $config: (config: unknown) => config,
    $interpolate: (strings: TemplateStringsArray, ...values: unknown[]) =>
      strings.reduce((text, part, i) => text + part + (i < values.length ? String(values[i]) : ""), ""),
    $jsonStringify: (value: unknown) => JSON.stringify(value),
    $util: { output },
  });
  return recording;
}

/** Args as plain data: symbols become `<path>` strings, Known values their value, functions vanish. */
export function plain<T = unknown>(value: unknown): T {
  return JSON.parse(JSON.stringify(value) ?? "null") as T;
}

export function unwrap(value: unknown): unknown {
  return value instanceof Known ? value.value : value;
}
