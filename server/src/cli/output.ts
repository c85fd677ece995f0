/** Where a CLI command writes: injectable so commands are testable without a process. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** The tool's version, for SARIF and --version. */
  version: string;
}
