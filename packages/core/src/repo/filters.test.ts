import { describe, expect, it } from "vitest";
import { partitionTree, skipReasonFor } from "./filters.ts";

const MAX = 1000;

describe("skipReasonFor", () => {
  it.each([
    ["node_modules/left-pad/index.js", "vendored"],
    ["web/node_modules/react/index.js", "vendored"],
    ["gateway/vendor/github.com/pkg/errors/errors.go", "vendored"],
    ["third_party/zlib/zlib.h", "vendored"],
    ["ios/Pods/Alamofire/Source/AF.swift", "vendored"],
    [".yarn/releases/yarn-4.cjs", "vendored"],
    ["packages/web/dist/index.d.ts", "generated"],
    ["build/app.js", "generated"],
    ["coverage/lcov-report/index.html", "generated"],
    ["static/app.min.js", "generated"],
    ["static/app.js.map", "generated"],
    ["package-lock.json", "generated"],
    ["sub/yarn.lock", "generated"],
    ["pnpm-lock.yaml", "generated"],
    ["Cargo.lock", "generated"],
    ["go.sum", "generated"],
    ["poetry.lock", "generated"],
    ["api/ledger.pb.go", "generated"],
    ["api/ledger_pb2.py", "generated"],
    ["src/schema_generated.ts", "generated"],
    ["assets/logo.PNG", "binary"],
    ["fonts/inter.woff2", "binary"],
    ["docs/spec.pdf", "binary"],
    ["reports/q1.xlsx", "binary"],
    ["release.tar.gz", "binary"],
    ["bin/tool.exe", "binary"],
    ["web/app.wasm", "binary"],
    ["data/app.sqlite", "binary"],
  ])("%s is %s", (path, reason) => {
    expect(skipReasonFor(path, 10, MAX)).toBe(reason);
  });

  it.each([
    "src/index.ts",
    "README.md",
    ".github/workflows/ci.yml",
    "src/vendored.ts",
    "docs/build.md",
    "src/distance.py",
    "Dockerfile",
    "assets/icon.svg",
  ])("%s is read", (path) => {
    expect(skipReasonFor(path, 10, MAX)).toBeNull();
  });

  it("skips files over the size cap, but names a large lock file for what it is", () => {
    expect(skipReasonFor("src/big.ts", MAX + 1, MAX)).toBe("too_large");
    expect(skipReasonFor("src/edge.ts", MAX, MAX)).toBeNull();
    expect(skipReasonFor("package-lock.json", MAX * 10, MAX)).toBe("generated");
  });
});

describe("partitionTree", () => {
  it("skips symlinks and submodules as not files and sorts both lists by path", () => {
    const { files, skipped } = partitionTree(
      [
        { path: "src/b.ts", mode: "100644", sha: "b", size: 3 },
        { path: "link", mode: "120000", sha: "l", size: 8 },
        { path: "libs/sub", mode: "160000", sha: "s" },
        { path: "run.sh", mode: "100755", sha: "r", size: 4 },
        { path: "a.png", mode: "100644", sha: "p", size: 5 },
      ],
      MAX,
    );
    expect(files).toEqual([
      { path: "run.sh", blobSha: "r", size: 4 },
      { path: "src/b.ts", blobSha: "b", size: 3 },
    ]);
    expect(skipped).toEqual([
      { path: "a.png", reason: "binary", size: 5 },
      { path: "libs/sub", reason: "not_a_file" },
      { path: "link", reason: "not_a_file", size: 8 },
    ]);
  });
});
