/**
 * `npm run sandbox` — the sandbox AWS account over HTTP on 127.0.0.1, for the real AWS CLI, boto3 and the SDKs:
 *   npx tsx bin/sandbox.ts [--port 4566] [--data DIR] [--account-id 123456789012] [--region us-east-1]
 * With --data, state persists in DIR/sandbox-state.json across restarts.
 */
import { parseArgs } from 'node:util';
import { createEmulator } from '../src/lib/emulator';
import { createNodeLambdaRuntime } from '../src/lib/emulator/lambda-runtime/node/runtime';
import { FilePersistence } from '../src/lib/emulator/node/file-persistence';
import { keepServingOnEscapedErrors, serve } from '../src/lib/emulator/node/http-server';
import { applicationProviders } from '../src/lib/emulator/services/all';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4566' },
    data: { type: 'string' },
    'account-id': { type: 'string' },
    region: { type: 'string', default: 'us-east-1' },
    pace: { type: 'string', default: '1' },
    'core-only': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(
    'Usage: npm run sandbox -- [--port 4566] [--data DIR] [--account-id 123456789012] [--region us-east-1] [--pace 1] [--core-only]\n' +
      '  --core-only  serve IAM and STS only (no CloudFormation, Lambda, Step Functions, Logs, S3, CloudTrail)',
  );
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got "${values.port}"`);
  process.exit(2);
}

// A request must never end the process: anything that escapes is logged as an internal error.
keepServingOnEscapedErrors();

const emulator = createEmulator({
  accountId: values['account-id'],
  region: values.region,
  pace: Number(values.pace),
  providers: values['core-only'] ? [] : applicationProviders({ lambdaRuntime: createNodeLambdaRuntime() }),
  ...(values.data ? { store: new FilePersistence(values.data) } : {}),
});

try {
  await emulator.ready;
} catch (e) {
  console.error(`Could not load the sandbox state: ${(e as Error).message}`);
  process.exit(1);
}

let running;
try {
  running = await serve(emulator, { port });
} catch (e) {
  console.error(`Could not listen on 127.0.0.1:${port}: ${(e as Error).message}`);
  process.exit(1);
}
const creds = emulator.adminCredentials;
console.log(`Sandbox AWS endpoint: ${running.url}`);
console.log(`export AWS_ACCESS_KEY_ID=${creds.accessKeyId}`);
console.log(`export AWS_SECRET_ACCESS_KEY=${creds.secretAccessKey}`);
console.log(`export AWS_DEFAULT_REGION=${emulator.region}`);
console.log(`export AWS_ENDPOINT_URL=${running.url}`);

const stop = async () => {
  await running.close();
  await emulator.settled();
  await emulator.flush();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
