import type { NodeType } from "./types";
import { apiRequestToExternalApp } from "./http/api-request-to-external-app";
import { apiRequestToYourApp } from "./http/api-request-to-your-app";
import { customHttpRequest } from "./http/custom-http-request";
import { dataRecordNodeTypes } from "./data-records";
import { runJavascript } from "./run-javascript";
import { forEach } from "./for-each";

// Node types added beyond the first slice register here (HTTP, data records, run-javascript, for-each).
export const extraNodeTypes: NodeType[] = [
  apiRequestToExternalApp,
  apiRequestToYourApp,
  customHttpRequest,
  ...dataRecordNodeTypes,
  runJavascript,
  forEach,
];
