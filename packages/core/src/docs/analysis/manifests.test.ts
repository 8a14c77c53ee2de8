import { describe, expect, it } from "vitest";
import { parseManifest } from "./manifests.ts";

describe("manifests", () => {
  it("package.json: dependencies, scripts, entry points and exports subpaths", () => {
    const text = JSON.stringify({
      name: "@acme/ledger",
      description: "Double-entry ledger",
      main: "./dist/index.js",
      bin: { ledger: "bin/cli.js" },
      exports: {
        ".": { types: "./src/index.d.ts", import: "./src/index.ts" },
        "./db": "./src/db/index.ts",
        "./*": "./src/*.ts",
      },
      scripts: { start: "node src/server.ts", test: "vitest run" },
      dependencies: { zod: "^4.0.0" },
      devDependencies: { vitest: "^5.0.0" },
    });
    expect(parseManifest("packages/ledger/package.json", text)).toEqual({
      kind: "npm",
      name: "@acme/ledger",
      description: "Double-entry ledger",
      dependencies: [
        { name: "zod", version: "^4.0.0", dev: false },
        { name: "vitest", version: "^5.0.0", dev: true },
      ],
      scripts: { start: "node src/server.ts", test: "vitest run" },
      entryPoints: [
        "packages/ledger/dist/index.js",
        "packages/ledger/bin/cli.js",
        "packages/ledger/src/index.ts",
        "packages/ledger/src/db/index.ts",
      ],
      exports: {
        ".": "packages/ledger/src/index.ts",
        "./db": "packages/ledger/src/db/index.ts",
        "./*": "packages/ledger/src/*.ts",
      },
    });
    expect(parseManifest("package.json", "{ not json")).toBeUndefined();
  });

  it("pyproject.toml (PEP 621) with optional groups and console scripts", () => {
    const text = `
[project]
name = "recon"
description = "Bank reconciliation"
dependencies = ["pandas>=2.0", "requests[socks] (>=2.31) ; python_version > '3.8'"]

[project.optional-dependencies]
test = ["pytest>=8"]
excel = ["openpyxl"]

[project.scripts]
recon = "recon.cli:main"

[dependency-groups]
lint = ["ruff"]
`;
    expect(parseManifest("svc/pyproject.toml", text)).toEqual({
      kind: "python",
      name: "recon",
      description: "Bank reconciliation",
      dependencies: [
        { name: "pandas", version: ">=2.0", dev: false },
        { name: "requests", version: ">=2.31", dev: false },
        { name: "pytest", version: ">=8", dev: true },
        { name: "openpyxl", version: "", dev: false },
        { name: "ruff", version: "", dev: true },
      ],
      scripts: { recon: "recon.cli:main" },
      entryPoints: ["svc/recon/cli.py"],
    });
  });

  it("pyproject.toml (Poetry)", () => {
    const text = `
[tool.poetry]
name = "payroll"
description = "Payroll runs"

[tool.poetry.dependencies]
python = "^3.12"
fastapi = "^0.110"
sqlalchemy = { version = "^2.0", extras = ["asyncio"] }

[tool.poetry.group.dev.dependencies]
pytest = "^8.0"

[tool.poetry.scripts]
payroll = "payroll.main:run"
`;
    const manifest = parseManifest("pyproject.toml", text);
    expect(manifest?.name).toBe("payroll");
    expect(manifest?.dependencies).toEqual([
      { name: "fastapi", version: "^0.110", dev: false },
      { name: "sqlalchemy", version: "^2.0", dev: false },
      { name: "pytest", version: "^8.0", dev: true },
    ]);
    expect(manifest?.entryPoints).toEqual(["payroll/main.py"]);
  });

  it("requirements files, dev by name", () => {
    const text =
      "# pinned\nDjango==5.0.1  # web\n-r base.txt\n\ngit+https://example.test/x.git#egg=internal_lib\nnumpy\n";
    expect(parseManifest("requirements.txt", text)?.dependencies).toEqual([
      { name: "Django", version: "==5.0.1", dev: false },
      { name: "internal_lib", version: "", dev: false },
      { name: "numpy", version: "", dev: false },
    ]);
    expect(parseManifest("requirements-dev.txt", "pytest\n")?.dependencies).toEqual([
      { name: "pytest", version: "", dev: true },
    ]);
  });

  it("go.mod: module path and single and block requires", () => {
    const text = `module example.com/pay // the module

go 1.22

require github.com/google/uuid v1.6.0

require (
\tgithub.com/gin-gonic/gin v1.9.1
\tgolang.org/x/text v0.14.0 // indirect
)
`;
    expect(parseManifest("go.mod", text)).toEqual({
      kind: "go",
      name: "example.com/pay",
      dependencies: [
        { name: "github.com/google/uuid", version: "v1.6.0", dev: false },
        { name: "github.com/gin-gonic/gin", version: "v1.9.1", dev: false },
        { name: "golang.org/x/text", version: "v0.14.0", dev: false },
      ],
      scripts: {},
      entryPoints: [],
    });
  });

  it("Cargo.toml", () => {
    const text = `
[package]
name = "ledger"
description = "Ledger engine"

[dependencies]
serde = { version = "1", features = ["derive"] }
tokio = "1.36"

[dev-dependencies]
proptest = "1"

[[bin]]
name = "ledgerd"
path = "src/bin/ledgerd.rs"
`;
    expect(parseManifest("crates/ledger/Cargo.toml", text)).toEqual({
      kind: "cargo",
      name: "ledger",
      description: "Ledger engine",
      dependencies: [
        { name: "serde", version: "1", dev: false },
        { name: "tokio", version: "1.36", dev: false },
        { name: "proptest", version: "1", dev: true },
      ],
      scripts: {},
      entryPoints: ["crates/ledger/src/bin/ledgerd.rs"],
    });
  });

  it("pom.xml: the project's dependencies, test scope as dev, not managed or plugin ones", () => {
    const text = `<?xml version="1.0"?>
<project>
  <parent><groupId>com.acme</groupId></parent>
  <artifactId>billing</artifactId>
  <description>Billing service</description>
  <dependencyManagement><dependencies><dependency>
    <groupId>managed</groupId><artifactId>only</artifactId>
  </dependency></dependencies></dependencyManagement>
  <dependencies>
    <!-- <dependency><groupId>commented</groupId><artifactId>out</artifactId></dependency> -->
    <dependency><groupId>org.springframework</groupId><artifactId>spring-core</artifactId><version>6.1.0</version></dependency>
    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><scope>test</scope></dependency>
  </dependencies>
</project>`;
    expect(parseManifest("pom.xml", text)).toEqual({
      kind: "maven",
      name: "com.acme:billing",
      description: "Billing service",
      dependencies: [
        { name: "org.springframework:spring-core", version: "6.1.0", dev: false },
        { name: "org.junit.jupiter:junit-jupiter", version: "", dev: true },
      ],
      scripts: {},
      entryPoints: [],
    });
  });

  it("build.gradle and build.gradle.kts dependency lines", () => {
    const groovy = `dependencies {
    implementation 'com.google.guava:guava:33.0.0-jre'
    testImplementation group: 'junit', name: 'junit', version: '4.13.2'
    api project(':core')
}`;
    const kotlin = `dependencies {
    implementation(platform("org.springframework.boot:spring-boot-dependencies:3.2.0"))
    runtimeOnly("org.postgresql:postgresql:42.7.1")
    testImplementation(libs.kotest.runner)
}`;
    expect(parseManifest("build.gradle", groovy)?.dependencies).toEqual([
      { name: "com.google.guava:guava", version: "33.0.0-jre", dev: false },
      { name: "junit:junit", version: "4.13.2", dev: true },
    ]);
    expect(parseManifest("app/build.gradle.kts", kotlin)?.dependencies).toEqual([
      { name: "org.springframework.boot:spring-boot-dependencies", version: "3.2.0", dev: false },
      { name: "org.postgresql:postgresql", version: "42.7.1", dev: false },
      { name: "libs.kotest.runner", version: "", dev: true },
    ]);
  });

  it("ignores files that are no manifest", () => {
    expect(parseManifest("src/package.ts", "{}")).toBeUndefined();
  });
});
