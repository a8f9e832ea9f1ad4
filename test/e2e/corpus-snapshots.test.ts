/**
 * Golden SQL for a representative set of corpus rules in every dialect, compared with the files
 * under `snapshots/corpus/<rule>/<dialect>.sql` (`npx vitest run -u` rewrites them; read the
 * diff). Every Athena statement must also parse under the Trino grammar.
 *
 * The set covers each table that has transpiling rules (AzureActivity, DeviceProcessEvents with
 * DeviceNetworkEvents, DnsEvents, GitHubAuditData, OfficeActivity, SecurityEvent) and, for
 * AWSCloudTrail, the shapes the AWS rules take: plain filters, `let` lists, `has_any`,
 * `parse_json` paths, `mv-expand`, summarize and joins; and columns the engines take for one name
 * under their physical names (AzureDiagnostics' `socketIp_s` / `socketIP_s` and names alike in 63
 * bytes; `extend type = …` beside `Type`). Needs the shared corpus beside the repository; skipped
 * with a printed reason without it.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateTrino } from '../../src/backends/trino-validate.js';
import { planQuery, printPlan } from '../../src/compile.js';
import { schemaRegistry } from '../../src/schema.js';
import { DIALECTS } from '../../src/types.js';
import {
  CORPUS_DIR,
  CORPUS_MISSING_REASON,
  CORPUS_PRESENT,
  corpusQueries,
} from '../parity/corpus.js';

if (!CORPUS_PRESENT) console.warn(`corpus snapshots skipped: ${CORPUS_MISSING_REASON}`);

const SNAPSHOT_RULES = [
  'aws/AWS_ChangeToRDSDatabase.yaml',
  'aws/AWS_ConsoleLogonWithoutMFA.yaml',
  'aws/AWS_CreationofEncryptKeysWithoutMFA.yaml',
  'aws/AWS_EC2StartupShellScriptChanged.yaml',
  'aws/AWS_ECRContainerHigh.yaml',
  'aws/AWS_GuardDutyDisabled.yaml',
  'aws/AWS_OverlyPermessiveKMS.yaml',
  'aws/AWS_PrivilegeEscalationViaCRUDIAMPolicy.yaml',
  'aws/AWS_S3BruteForce.yaml',
  'aws/AWS_S3BucketExposedviaACL.yaml',
  'aws/AWS_S3ObjectExfiltrationByAnonymousUser.yaml',
  'aws/AWS_SAMLUpdateIdentity.yaml',
  'aws/AWS_SuspiciousCommandEC2.yaml',
  'aws/AWS_UserIAMEnumeration.yaml',
  'aws/NRT_AWS_ConsoleLogonWithoutMFA.yaml',
  'mixed/Azure_Activity__New-CloudShell-User.yaml',
  'mixed/Azure_Activity__RareOperations.yaml',
  'mixed/Azure_Key_Vault__KeyvaultMassSecretRetrieval.yaml',
  'mixed/GitHub__GitHub_-_Activities_from_Infrequent_Country.yaml',
  'mixed/Microsoft_365__External_User_added_to_Team_and_immediately_uploads_file.yaml',
  'mixed/Microsoft_Defender_XDR__LSASSCredDumpProcdump.yaml',
  'mixed/Microsoft_Defender_XDR__Regsvr32Rundll32WithAnomalousParentProcess.yaml',
  'mixed/Microsoft_Defender_XDR__ShadowCopyDeletion.yaml',
  'mixed/Windows_Security_Events__MultipleFailedFollowedBySuccess.yaml',
  'mixed/Windows_Security_Events__NRT_SecurityEventLogCleared.yaml',
  'mixed/Windows_Security_Events__NRT_execute_base64_decodedpayload.yaml',
  'mixed/Windows_Security_Events__NonDCActiveDirectoryReplication.yaml',
  'mixed/Windows_Server_DNS__DNS_Miners.yaml',
];

const schemas = schemaRegistry();
/** A fixed instant, so `ago()` prints the same bytes on every run. */
const NOW = 1_741_219_200_000_000n;

describe.skipIf(!CORPUS_PRESENT)('corpus snapshots', () => {
  const queries = new Map(CORPUS_PRESENT ? corpusQueries().map((q) => [q.name, q] as const) : []);

  describe.each(SNAPSHOT_RULES)('%s', (rule) => {
    const name = path.basename(rule, '.yaml');
    it.each(DIALECTS)('%s SQL matches its snapshot', async (dialect) => {
      const q = queries.get(rule);
      expect(q, `${rule} is not in ${CORPUS_DIR}`).toBeDefined();
      const source = { name: rule, text: q?.text ?? '' };
      const sql = printPlan(planQuery(source, { schemas, now: NOW }), dialect, source);
      await expect(sql).toMatchFileSnapshot(`../../snapshots/corpus/${name}/${dialect}.sql`);
      if (dialect === 'athena') expect(validateTrino(sql).errors).toEqual([]);
    });
  });
});
