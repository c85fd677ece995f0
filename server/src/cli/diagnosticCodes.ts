/** The code catalogue lives with the analysis (its producer); the CLI's views read it from here. */
export { DIAGNOSTIC_CODES, codeInfo, type DiagnosticCodeInfo } from '../analysis/codes';
