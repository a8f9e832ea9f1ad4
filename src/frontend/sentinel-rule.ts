/**
 * Loads Microsoft Sentinel analytic rules (the YAML templates of the Azure/Azure-Sentinel
 * repository) and plain `.kql` files.
 *
 * Validation follows Sentinel's own template checks in Azure/Azure-Sentinel
 * `.script/tests/detectionTemplateSchemaValidation`: the C# models
 * `ScheduledTemplateInternalModel`, `QueryBasedTemplateInternalModel`,
 * `EntityMappingIdentifiers` and `AttackTactic`, the time-span and trigger-operator converters and
 * the validation attributes. Findings are of two kinds:
 * - errors (thrown together as one `CompileError`): anything that leaves the rule's meaning
 *   unclear: YAML syntax, a missing or mistyped field, a value outside an enum, an unknown field;
 * - warnings (`rule.warnings`): Sentinel's deployment limits that do not change what the rule
 *   means (text lengths, list sizes, at most 3 `{{placeholders}}`, the 5-minute to 14-day schedule
 *   range). Published rules break some of them, and rule2sql still compiles such rules faithfully.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';

import { isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node, Scalar, YAMLMap } from 'yaml';

import { CompileError, Codes, diagnostic, lineColumn } from '../diagnostics.js';
import type { Code, Diagnostic, Source, Span } from '../diagnostics.js';

export const SEVERITIES = ['Informational', 'Low', 'Medium', 'High'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Template kinds Sentinel accepts in the repository; other rule kinds have no KQL query. */
export const RULE_KINDS = ['Scheduled', 'NRT'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** Not checked by Sentinel's template tests; these are the values published templates use. */
export const RULE_STATUSES = ['Available', 'Deprecated'] as const;
export type RuleStatus = (typeof RULE_STATUSES)[number];

export type TriggerOperator = 'gt' | 'lt' | 'eq' | 'ne';
/** Spellings Sentinel's trigger-operator converter accepts (exact case), with their short form. */
const TRIGGER_OPERATORS: Readonly<Record<string, TriggerOperator>> = {
  gt: 'gt',
  lt: 'lt',
  eq: 'eq',
  ne: 'ne',
  GreaterThan: 'gt',
  LessThan: 'lt',
  Equal: 'eq',
  NotEqual: 'ne',
};

export const ATTACK_TACTICS = [
  'InitialAccess',
  'Execution',
  'Persistence',
  'PrivilegeEscalation',
  'DefenseEvasion',
  'CredentialAccess',
  'Discovery',
  'LateralMovement',
  'Collection',
  'Exfiltration',
  'CommandAndControl',
  'Impact',
  'Reconnaissance',
  'ResourceDevelopment',
  'ImpairProcessControl',
  'InhibitResponseFunction',
] as const;
export type AttackTactic = (typeof ATTACK_TACTICS)[number];

/**
 * Entity types with their identifiers and, after `;`, the identifier sets of which a mapping must
 * fill at least one (`|` separates the sets, `+` joins identifiers within one), as Sentinel
 * validates them.
 */
const ENTITY_TABLE = {
  Account: [
    'Name FullName NTDomain DnsDomain UPNSuffix Sid AadTenantId AadUserId PUID IsDomainJoined',
    'DisplayName ObjectGuid CloudAppAccountId;',
    'FullName | Sid | Name | AadUserId | PUID | ObjectGuid',
  ].join(' '),
  AzureResource: 'ResourceId; ResourceId',
  CloudApplication: 'AppId Name InstanceName; AppId | Name',
  DNS: 'DomainName; DomainName',
  File: 'Directory Name; Name',
  FileHash: 'Algorithm Value; Algorithm + Value',
  Host: [
    'DnsDomain NTDomain HostName FullName NetBiosName AzureID OMSAgentID OSFamily OSVersion',
    'IsDomainJoined; FullName | HostName | NetBiosName | AzureID | OMSAgentID',
  ].join(' '),
  IoTDevice: [
    'DeviceId DeviceName Manufacturer Model FirmwareVersion OperatingSystem MacAddress Protocols',
    'SerialNumber Source IoTSecurityAgentId DeviceType; DeviceId',
  ].join(' '),
  IP: 'Address; Address',
  Mailbox: [
    'MailboxPrimaryAddress DisplayName Upn ExternalDirectoryObjectId RiskLevel;',
    'MailboxPrimaryAddress',
  ].join(' '),
  MailCluster: [
    'NetworkMessageIds CountByDeliveryStatus CountByThreatType CountByProtectionStatus Threats',
    'Query QueryTime MailCount IsVolumeAnomaly Source ClusterSourceIdentifier ClusterSourceType',
    'ClusterQueryStartTime ClusterQueryEndTime ClusterGroup; Query | Source',
  ].join(' '),
  MailMessage: [
    'Recipient Urls Threats Sender P1Sender P1SenderDisplayName P1SenderDomain SenderIP P2Sender',
    'P2SenderDisplayName P2SenderDomain ReceivedDate NetworkMessageId InternetMessageId Subject',
    'BodyFingerprintBin1 BodyFingerprintBin2 BodyFingerprintBin3 BodyFingerprintBin4',
    'BodyFingerprintBin5 AntispamDirection DeliveryAction DeliveryLocation Language',
    'ThreatDetectionMethods; NetworkMessageId | Recipient',
  ].join(' '),
  Malware: 'Name Category; Name',
  Process: 'ProcessId CommandLine ElevationToken CreationTimeUtc; CommandLine | ProcessId',
  RegistryKey: 'Hive Key; Key | Hive',
  RegistryValue: 'Name Value ValueType; Name',
  SecurityGroup: 'DistinguishedName SID ObjectGuid; DistinguishedName | SID | ObjectGuid',
  SubmissionMail: [
    'NetworkMessageId Timestamp Recipient Sender SenderIp Subject ReportType SubmissionId',
    'SubmissionDate Submitter; SubmissionId | NetworkMessageId | Recipient | Submitter',
  ].join(' '),
  URL: 'Url; Url',
};
export type EntityType = keyof typeof ENTITY_TABLE;
const ENTITY_TYPES = Object.keys(ENTITY_TABLE) as EntityType[];

export interface EntityIdentifiers {
  readonly identifiers: readonly string[];
  /** The mapping must set every identifier of at least one of these sets. */
  readonly required: readonly (readonly string[])[];
}

function parseEntitySpec(spec: string): EntityIdentifiers {
  const [identifiers = '', required = ''] = spec.split(';');
  return {
    identifiers: identifiers.trim().split(/\s+/),
    required: required.split('|').map((set) => set.split('+').map((id) => id.trim())),
  };
}

export const ENTITY_IDENTIFIERS = Object.fromEntries(
  ENTITY_TYPES.map((type) => [type, parseEntitySpec(ENTITY_TABLE[type])]),
) as Record<EntityType, EntityIdentifiers>;

/** A time span as written in the rule (`1d`, `5m`, `01:30:00`) and in milliseconds. */
export interface Duration {
  readonly text: string;
  readonly ms: number;
}

export interface DataConnector {
  readonly connectorId?: string;
  readonly dataTypes: readonly string[];
}

export interface FieldMapping {
  readonly identifier: string;
  readonly columnName: string;
  /** The column name's place in the rule file (`SentinelRule.file`). */
  readonly span: Span;
}

export interface EntityMapping {
  readonly entityType: EntityType;
  readonly fieldMappings: readonly FieldMapping[];
}

/** A `customDetails` entry: the alert's detail key and the query column that supplies its value. */
export interface CustomDetail {
  readonly key: string;
  readonly columnName: string;
  readonly span: Span;
}

export interface AlertDetailsOverride {
  readonly alertDisplayNameFormat?: string;
  readonly alertDescriptionFormat?: string;
  readonly alertTacticsColumnName?: string;
  readonly alertSeverityColumnName?: string;
  /** Where each format's text is in the rule file, for diagnostics about its placeholders. */
  readonly formatSpans: Partial<Record<'alertDisplayNameFormat' | 'alertDescriptionFormat', Span>>;
}

export interface SentinelRule {
  readonly kind: RuleKind;
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly severity: Severity;
  readonly status?: RuleStatus;
  readonly requiredDataConnectors: readonly DataConnector[];
  /** Scheduled rules only; NRT rules run about once a minute over the newest events. */
  readonly queryFrequency?: Duration;
  readonly queryPeriod?: Duration;
  /** Scheduled rules only; without it the rule fires when the query returns any row. */
  readonly triggerOperator?: TriggerOperator;
  readonly triggerThreshold?: number;
  readonly tactics: readonly AttackTactic[];
  readonly relevantTechniques: readonly string[];
  readonly entityMappings: readonly EntityMapping[];
  readonly customDetails: readonly CustomDetail[];
  readonly alertDetailsOverride?: AlertDetailsOverride;
  readonly eventGroupingSettings?: { readonly aggregationKind: 'SingleAlert' | 'AlertPerResult' };
  readonly version?: string;
  /** The KQL text, with the YAML block indentation removed. */
  readonly query: string;
  /** `query` as a diagnostic source; its `origin` maps query offsets to file line:column. */
  readonly querySource: Source;
  /** The whole rule file; spans in entity mappings, custom details and warnings point into it. */
  readonly file: Source;
  readonly warnings: readonly Diagnostic[];
}

/** A `.kql` file: a query and nothing else. It fires when the query returns at least one row. */
export interface QueryFile {
  readonly kind: 'Query';
  readonly name: string;
  readonly query: string;
  readonly querySource: Source;
  readonly file: Source;
  readonly triggerOperator?: undefined;
  readonly triggerThreshold?: undefined;
  readonly entityMappings: readonly EntityMapping[];
  readonly customDetails: readonly CustomDetail[];
  readonly warnings: readonly Diagnostic[];
}

export type LoadedRule = SentinelRule | QueryFile;

/** Whether a rule whose query returned `rowCount` rows raises an alert. */
export function ruleFires(
  rule: Pick<LoadedRule, 'triggerOperator' | 'triggerThreshold'>,
  rowCount: number,
): boolean {
  const threshold = rule.triggerThreshold ?? 0;
  switch (rule.triggerOperator) {
    case undefined:
      return rowCount > 0;
    case 'gt':
      return rowCount > threshold;
    case 'lt':
      return rowCount < threshold;
    case 'eq':
      return rowCount === threshold;
    case 'ne':
      return rowCount !== threshold;
  }
}

/** Reads a Sentinel rule file; throws `CompileError` listing every error found. */
export function loadRuleFile(path: string): SentinelRule {
  return parseRule(readText(path), path);
}

/** Reads a plain KQL file. */
export function loadQueryFile(path: string): QueryFile {
  const text = readText(path);
  const file: Source = { name: path, text };
  return {
    kind: 'Query',
    name: basename(path, extname(path)),
    query: text,
    querySource: file,
    file,
    entityMappings: [],
    customDetails: [],
    warnings: [],
  };
}

/** `.kql` and `.csl` files are queries; anything else is read as a rule. */
export function loadRuleOrQueryFile(path: string): LoadedRule {
  const ext = extname(path).toLowerCase();
  return ext === '.kql' || ext === '.csl' ? loadQueryFile(path) : loadRuleFile(path);
}

function readText(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CompileError([diagnostic(Codes.pathNotFound, `${path}: no such file or folder`)]);
    }
    const reason = e instanceof Error ? e.message : String(e);
    throw new CompileError([diagnostic(Codes.ruleYamlSyntax, `cannot read ${path}: ${reason}`)]);
  }
  const text = decodeUtf8(bytes, path);
  // A byte-order mark is not a column; dropping it keeps reported columns right.
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The file's text; bytes that are not UTF-8 are refused (R2S4008) at their line and column,
 * since decoding them as U+FFFD would put another string into the SQL than the file holds.
 */
function decodeUtf8(bytes: Buffer, path: string): string {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    const text = bytes.toString('utf8');
    // The first U+FFFD that the file does not spell as the bytes EF BF BD is the bad sequence.
    let at = 0;
    let byte = 0;
    for (const ch of text) {
      if (ch === '\uFFFD' && !(bytes[byte] === 0xef && bytes[byte + 1] === 0xbf)) break;
      byte += Buffer.byteLength(ch, 'utf8');
      at += ch.length;
    }
    const shown = bytes[byte]?.toString(16).toUpperCase().padStart(2, '0') ?? '';
    throw new CompileError([
      diagnostic(
        Codes.notUtf8,
        `the file is not UTF-8 text: byte 0x${shown} at offset ${String(byte)} starts no character`,
        { name: path, text },
        { start: at, end: at + 1 },
      ),
    ]);
  }
}

const TOP_LEVEL_FIELDS = [
  'id',
  'name',
  'description',
  'severity',
  'status',
  'kind',
  'requiredDataConnectors',
  'queryFrequency',
  'queryPeriod',
  'triggerOperator',
  'triggerThreshold',
  'tactics',
  'relevantTechniques',
  'query',
  'entityMappings',
  'customDetails',
  'alertDetailsOverride',
  'eventGroupingSettings',
  'incidentConfiguration',
  'suppressionEnabled',
  'suppressionDuration',
  'version',
  'tags',
  'metadata',
] as const;

/** Fields only a Scheduled rule has; NRT rules run on every new event batch instead. */
const SCHEDULE_FIELDS = [
  'queryFrequency',
  'queryPeriod',
  'triggerOperator',
  'triggerThreshold',
] as const satisfies readonly (typeof TOP_LEVEL_FIELDS)[number][];

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Parses a rule from YAML text; `name` is the path shown in diagnostics. */
export function parseRule(text: string, name: string): SentinelRule {
  const file: Source = { name, text };
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new CompileError(
      doc.errors.map((e) =>
        diagnostic(Codes.ruleYamlSyntax, e.message, file, { start: e.pos[0], end: e.pos[1] }),
      ),
    );
  }
  const r = new RuleReader(file, doc);
  const rule = r.readRule();
  if (r.errors.length > 0 || rule === undefined) {
    throw new CompileError(
      [...r.errors].sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0)),
    );
  }
  return { ...rule, warnings: r.warnings };
}

type Fields<K extends string> = Partial<Record<K, Node | null>>;

/** Walks the YAML tree once, collecting diagnostics as it goes. */
class RuleReader {
  readonly errors: Diagnostic[] = [];
  readonly warnings: Diagnostic[] = [];

  constructor(
    private readonly file: Source,
    private readonly doc: Document,
  ) {}

  readRule(): Omit<SentinelRule, 'warnings'> | undefined {
    const root = this.doc.contents;
    if (!isMap(root)) {
      this.invalid('a rule file must be a YAML mapping', root ?? { start: 0, end: 1 });
      return undefined;
    }
    const f = this.fields(root, TOP_LEVEL_FIELDS, 'a rule');
    const kind = this.enumValue(this.required(f, 'kind', root), 'kind', RULE_KINDS);
    const scheduled = kind !== 'NRT';

    const id = this.str(this.required(f, 'id', root), 'id');
    if (id !== undefined && (!GUID.test(id) || id.startsWith('{') !== id.endsWith('}'))) {
      this.invalid(`'id' must be a GUID, got '${id}'`, f.id);
    }
    const ruleName = this.str(this.required(f, 'name', root), 'name');
    this.maxLength(ruleName, 256, 'name', f.name);
    const description = this.str(this.required(f, 'description', root), 'description');
    this.maxLength(description, 5000, 'description', f.description);
    const severity = this.enumValue(this.required(f, 'severity', root), 'severity', SEVERITIES);
    const status =
      f.status === undefined ? undefined : this.enumValue(f.status, 'status', RULE_STATUSES);
    const version = f.version === undefined ? undefined : this.str(f.version, 'version');
    if (version !== undefined && !/^\d+\.\d+\.\d+$/.test(version)) {
      this.invalid(`'version' must be X.Y.Z (numbers), got '${version}'`, f.version);
    }

    const queryNode = this.required(f, 'query', root);
    const query = this.str(queryNode, 'query');
    if (query?.trim() === '') this.invalid("'query' is empty", queryNode);
    this.maxLength(query, 10_000, 'query', queryNode);

    const connectorsNode = scheduled ? this.required(f, 'requiredDataConnectors', root) : undefined;
    const requiredDataConnectors = this.list(
      connectorsNode ?? f.requiredDataConnectors,
      'requiredDataConnectors',
    ).flatMap((n) => this.connector(n) ?? []);

    let schedule: Pick<
      SentinelRule,
      'queryFrequency' | 'queryPeriod' | 'triggerOperator' | 'triggerThreshold'
    > = {};
    if (scheduled) {
      schedule = this.schedule(f, root);
    } else {
      for (const key of SCHEDULE_FIELDS) {
        if (f[key] !== undefined) this.warn(`'${key}' is ignored for NRT rules`, f[key]);
      }
    }

    const tactics = this.list(f.tactics, 'tactics').flatMap(
      (n) => this.enumValue(n, 'tactic', ATTACK_TACTICS) ?? [],
    );
    const relevantTechniques = this.list(f.relevantTechniques, 'relevantTechniques').flatMap(
      (n) => {
        const t = this.str(n, 'technique');
        if (t !== undefined && !/^T\d{4}(\.\d{3})?$/.test(t)) {
          this.invalid(`technique '${t}' must look like T1234 or T1234.001`, n);
        }
        return t ?? [];
      },
    );

    const entityMappings = this.entityMappings(f.entityMappings);
    const customDetails = this.customDetails(f.customDetails);
    const alertDetailsOverride = this.alertDetailsOverride(f.alertDetailsOverride);
    const eventGroupingSettings = this.eventGrouping(f.eventGroupingSettings);
    this.incidentConfiguration(f.incidentConfiguration);
    if (f.suppressionEnabled !== undefined) this.bool(f.suppressionEnabled, 'suppressionEnabled');
    if (f.suppressionDuration !== undefined)
      this.duration(f.suppressionDuration, 'suppressionDuration');

    if (
      kind === undefined ||
      id === undefined ||
      ruleName === undefined ||
      description === undefined ||
      severity === undefined ||
      query === undefined ||
      !isScalar(queryNode)
    ) {
      return undefined;
    }
    return {
      kind,
      id,
      name: ruleName,
      description,
      severity,
      status,
      requiredDataConnectors,
      ...schedule,
      tactics,
      relevantTechniques,
      entityMappings,
      customDetails,
      alertDetailsOverride,
      eventGroupingSettings,
      version,
      query,
      querySource: embeddedSource(this.file, queryNode, query),
      file: this.file,
    };
  }

  private schedule(f: Fields<(typeof TOP_LEVEL_FIELDS)[number]>, root: YAMLMap) {
    const frequencyNode = this.required(f, 'queryFrequency', root);
    const periodNode = this.required(f, 'queryPeriod', root);
    const queryFrequency = this.duration(frequencyNode, 'queryFrequency');
    const queryPeriod = this.duration(periodNode, 'queryPeriod');
    for (const [d, node, key] of [
      [queryFrequency, frequencyNode, 'queryFrequency'],
      [queryPeriod, periodNode, 'queryPeriod'],
    ] as const) {
      if (d !== undefined && (d.ms < 5 * MINUTE || d.ms > 14 * DAY)) {
        this.warn(`'${key}' ${d.text} is outside Sentinel's range of 5 minutes to 14 days`, node);
      }
    }
    if (queryFrequency !== undefined && queryPeriod !== undefined) {
      if (queryPeriod.ms < queryFrequency.ms) {
        this.warn(
          `'queryPeriod' ${queryPeriod.text} is shorter than` +
            ` 'queryFrequency' ${queryFrequency.text}`,
          periodNode,
          'events between two runs would never be looked at',
        );
      } else if (queryPeriod.ms >= 2 * DAY && queryFrequency.ms < HOUR) {
        this.warn(
          `Sentinel requires 'queryFrequency' of at least 1h when 'queryPeriod' is 2 days or more`,
          frequencyNode,
        );
      }
    }

    const operatorNode = this.required(f, 'triggerOperator', root);
    const operatorText = this.str(operatorNode, 'triggerOperator');
    const triggerOperator =
      operatorText === undefined ? undefined : TRIGGER_OPERATORS[operatorText];
    if (operatorText !== undefined && triggerOperator === undefined) {
      this.invalid(
        `invalid triggerOperator '${operatorText}'`,
        operatorNode,
        'expected one of gt, lt, eq, ne (or GreaterThan, LessThan, Equal, NotEqual)',
      );
    }
    const triggerThreshold = this.int(
      this.required(f, 'triggerThreshold', root),
      'triggerThreshold',
      0,
      10_000,
    );
    return { queryFrequency, queryPeriod, triggerOperator, triggerThreshold };
  }

  private connector(node: Node | null): DataConnector | undefined {
    const map = this.map(node, 'a required data connector');
    if (map === undefined) return undefined;
    const f = this.fields(map, ['connectorId', 'dataTypes'] as const, 'a data connector');
    const connectorId =
      f.connectorId === undefined ? undefined : this.str(f.connectorId, 'connectorId');
    const dataTypes = this.list(this.required(f, 'dataTypes', map), 'dataTypes').flatMap(
      (n) => this.str(n, 'data type') ?? [],
    );
    return { connectorId, dataTypes };
  }

  private entityMappings(node: Node | null | undefined): EntityMapping[] {
    if (node === undefined || node === null) return [];
    const items = this.list(node, 'entityMappings');
    if (items.length < 1 || items.length > 10) {
      this.warn(`'entityMappings' has ${items.length} entries; Sentinel allows 1 to 10`, node);
    }
    return items.flatMap((item) => this.entityMapping(item) ?? []);
  }

  private entityMapping(node: Node | null): EntityMapping | undefined {
    const map = this.map(node, 'an entity mapping');
    if (map === undefined) return undefined;
    const f = this.fields(map, ['entityType', 'fieldMappings'] as const, 'an entity mapping');
    const typeNode = this.required(f, 'entityType', map);
    const entityType = this.enumValue(typeNode, 'entity type', ENTITY_TYPES);
    const mappingsNode = this.required(f, 'fieldMappings', map);
    const items = this.list(mappingsNode, 'fieldMappings');
    if (mappingsNode !== undefined && (items.length < 1 || items.length > 3)) {
      this.warn(
        `'fieldMappings' has ${items.length} entries; Sentinel allows 1 to 3`,
        mappingsNode,
      );
    }
    const fieldMappings: FieldMapping[] = [];
    // Identifiers already reported as wrong; the required-set check would only repeat them.
    let badIdentifier = false;
    for (const item of items) {
      const m = this.map(item, 'a field mapping');
      if (m === undefined) continue;
      const ff = this.fields(m, ['identifier', 'columnName'] as const, 'a field mapping');
      const identifier = this.str(this.required(ff, 'identifier', m), 'identifier');
      const columnName = this.str(this.required(ff, 'columnName', m), 'columnName');
      if (identifier === undefined || columnName === undefined) continue;
      const known: readonly string[] | undefined =
        entityType === undefined ? undefined : ENTITY_IDENTIFIERS[entityType].identifiers;
      if (known !== undefined && !known.includes(identifier)) {
        badIdentifier = true;
        this.invalid(
          `'${identifier}' is not an identifier of entity type ${entityType ?? ''}`,
          ff.identifier,
          `valid identifiers: ${known.join(', ')}`,
        );
      } else if (fieldMappings.some((x) => x.identifier === identifier)) {
        this.invalid(`identifier '${identifier}' is mapped twice`, ff.identifier);
      }
      if (!COLUMN_NAME.test(columnName)) {
        this.invalid(`'${columnName}' is not a valid column name`, ff.columnName);
      }
      fieldMappings.push({ identifier, columnName, span: this.span(ff.columnName) });
    }
    if (entityType === undefined) return undefined;
    const used = new Set(fieldMappings.map((m) => m.identifier));
    const groups = ENTITY_IDENTIFIERS[entityType].required;
    if (!badIdentifier && items.length > 0 && !groups.some((g) => g.every((id) => used.has(id)))) {
      const sets = groups.map((g) => g.join(' + ')).join('; ');
      this.invalid(
        `entity type ${entityType} needs one of these identifier sets: ${sets}`,
        typeNode,
      );
    }
    return { entityType, fieldMappings };
  }

  private customDetails(node: Node | null | undefined): CustomDetail[] {
    if (node === undefined || node === null) return [];
    const map = this.map(node, "'customDetails'");
    if (map === undefined) return [];
    if (map.items.length > 20) {
      this.warn(`'customDetails' has ${map.items.length} entries; Sentinel allows 20`, node);
    }
    const details: CustomDetail[] = [];
    for (const pair of map.items) {
      const key = this.str(pair.key as Node, 'custom detail key');
      const columnName = this.str(pair.value as Node | null, `custom detail '${key ?? ''}'`);
      if (key === undefined || columnName === undefined) continue;
      if (!/^[A-Za-z]\w*$/.test(key)) {
        const why = 'must start with a letter and contain only letters, digits and _';
        this.invalid(`custom detail key '${key}' ${why}`, pair.key as Node);
      }
      if (key.length > 20)
        this.warn(`custom detail key '${key}' is longer than 20 characters`, pair.key as Node);
      if (!COLUMN_NAME.test(columnName)) {
        this.invalid(`'${columnName}' is not a valid column name`, pair.value as Node);
      }
      details.push({ key, columnName, span: this.span(pair.value as Node) });
    }
    return details;
  }

  private alertDetailsOverride(node: Node | null | undefined): AlertDetailsOverride | undefined {
    if (node === undefined || node === null) return undefined;
    const map = this.map(node, "'alertDetailsOverride'");
    if (map === undefined) return undefined;
    const f = this.fields(
      map,
      [
        'alertDisplayNameFormat',
        'alertDescriptionFormat',
        'alertTacticsColumnName',
        'alertSeverityColumnName',
        'alertDynamicProperties',
      ] as const,
      "'alertDetailsOverride'",
    );
    const format = (key: 'alertDisplayNameFormat' | 'alertDescriptionFormat', max: number) => {
      const n = f[key];
      const text = n === undefined ? undefined : this.str(n, key);
      if (text === undefined) return undefined;
      if (text.trim() === '') this.invalid(`'${key}' is empty`, n);
      this.maxLength(text, max, key, n);
      const placeholders = text.match(/\{\{[^{}]*\}\}/g)?.length ?? 0;
      if (placeholders > 3) {
        this.warn(`'${key}' has ${placeholders} {{placeholders}}; Sentinel allows 3`, n);
      }
      return text;
    };
    const column = (key: 'alertTacticsColumnName' | 'alertSeverityColumnName') =>
      f[key] === undefined ? undefined : this.str(f[key], key);
    for (const item of this.list(f.alertDynamicProperties, 'alertDynamicProperties')) {
      const m = this.map(item, 'an alert dynamic property');
      if (m === undefined) continue;
      const ff = this.fields(m, ['alertProperty', 'value'] as const, 'an alert dynamic property');
      this.str(this.required(ff, 'alertProperty', m), 'alertProperty');
      this.str(this.required(ff, 'value', m), 'value');
    }
    return {
      alertDisplayNameFormat: format('alertDisplayNameFormat', 256),
      alertDescriptionFormat: format('alertDescriptionFormat', 5000),
      alertTacticsColumnName: column('alertTacticsColumnName'),
      alertSeverityColumnName: column('alertSeverityColumnName'),
      formatSpans: {
        ...(f.alertDisplayNameFormat === undefined
          ? {}
          : { alertDisplayNameFormat: this.span(f.alertDisplayNameFormat) }),
        ...(f.alertDescriptionFormat === undefined
          ? {}
          : { alertDescriptionFormat: this.span(f.alertDescriptionFormat) }),
      },
    };
  }

  private eventGrouping(node: Node | null | undefined): SentinelRule['eventGroupingSettings'] {
    if (node === undefined || node === null) return undefined;
    const map = this.map(node, "'eventGroupingSettings'");
    if (map === undefined) return undefined;
    const f = this.fields(map, ['aggregationKind'] as const, "'eventGroupingSettings'");
    const kinds = ['SingleAlert', 'AlertPerResult'] as const;
    const aggregationKind = this.enumValue(
      this.required(f, 'aggregationKind', map),
      'aggregationKind',
      kinds,
    );
    return aggregationKind === undefined ? undefined : { aggregationKind };
  }

  /** Checked for shape only: incident settings do not affect what the query returns. */
  private incidentConfiguration(node: Node | null | undefined): void {
    if (node === undefined || node === null) return;
    const map = this.map(node, "'incidentConfiguration'");
    if (map === undefined) return;
    const f = this.fields(
      map,
      ['createIncident', 'groupingConfiguration'] as const,
      "'incidentConfiguration'",
    );
    this.bool(this.required(f, 'createIncident', map), 'createIncident');
    if (f.groupingConfiguration === undefined || f.groupingConfiguration === null) return;
    const g = this.map(f.groupingConfiguration, "'groupingConfiguration'");
    if (g === undefined) return;
    const gf = this.fields(
      g,
      [
        'enabled',
        'reopenClosedIncident',
        'lookbackDuration',
        'matchingMethod',
        'groupByEntities',
        'groupByAlertDetails',
        'groupByCustomDetails',
      ] as const,
      "'groupingConfiguration'",
    );
    this.bool(this.required(gf, 'enabled', g), 'enabled');
    if (gf.reopenClosedIncident !== undefined)
      this.bool(gf.reopenClosedIncident, 'reopenClosedIncident');
    if (gf.lookbackDuration !== undefined) this.duration(gf.lookbackDuration, 'lookbackDuration');
    const methods = ['AllEntities', 'AnyAlert', 'Selected'] as const;
    if (gf.matchingMethod !== undefined)
      this.enumValue(gf.matchingMethod, 'matchingMethod', methods);
    for (const n of this.list(gf.groupByEntities, 'groupByEntities'))
      this.enumValue(n, 'entity type', ENTITY_TYPES);
    const details = ['DisplayName', 'Severity'] as const;
    for (const n of this.list(gf.groupByAlertDetails, 'groupByAlertDetails'))
      this.enumValue(n, 'alert detail', details);
    for (const n of this.list(gf.groupByCustomDetails, 'groupByCustomDetails'))
      this.str(n, 'custom detail key');
  }

  // ---- generic readers: each returns undefined after reporting a problem ----

  /** The map's values by key; reports keys outside `known`. */
  private fields<K extends string>(map: YAMLMap, known: readonly K[], where: string): Fields<K> {
    const out: Fields<K> = {};
    for (const pair of map.items) {
      const keyNode = pair.key as Node;
      const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
      if (key === undefined || !(known as readonly string[]).includes(key)) {
        const close = key === undefined ? undefined : closest(key, known);
        this.error(
          Codes.ruleUnknownField,
          `unknown field '${key ?? '?'}' in ${where}`,
          keyNode,
          close === undefined ? undefined : `did you mean '${close}'?`,
        );
        continue;
      }
      out[key as K] = this.deref(pair.value as Node | null);
    }
    return out;
  }

  private required<K extends string>(f: Fields<K>, key: K, map: YAMLMap): Node | null | undefined {
    const node = f[key];
    if (node === undefined) {
      // Point at the start of the mapping that lacks the field.
      const start = map.range?.[0] ?? 0;
      const span = { start, end: start + 1 };
      this.error(Codes.ruleMissingField, `missing required field '${key}'`, span);
    }
    return node;
  }

  private str(node: Node | null | undefined, what: string): string | undefined {
    if (node === undefined) return undefined;
    if (isScalar(node) && node.value !== null) {
      if (typeof node.value === 'string') return node.value;
      // A number or boolean in YAML; Sentinel reads every scalar as text, so keep it as written.
      return this.sourceText(node);
    }
    this.invalid(`${what} must be a text value`, node);
    return undefined;
  }

  private enumValue<T extends string>(
    node: Node | null | undefined,
    what: string,
    values: readonly T[],
  ): T | undefined {
    const text = this.str(node, what);
    if (text === undefined) return undefined;
    // Sentinel's JSON enum parsing ignores case; the canonical spelling is kept.
    const found = values.find((v) => v.toLowerCase() === text.toLowerCase());
    if (found === undefined) {
      this.invalid(`invalid ${what} '${text}'`, node, `expected one of ${values.join(', ')}`);
    }
    return found;
  }

  private int(
    node: Node | null | undefined,
    what: string,
    min: number,
    max: number,
  ): number | undefined {
    if (node === undefined) return undefined;
    const text = isScalar(node) ? this.sourceText(node).replace(/^['"]|['"]$/g, '') : '';
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
      this.invalid(`'${what}' must be a whole number from ${min} to ${max}`, node);
      return undefined;
    }
    return Number(text);
  }

  private bool(node: Node | null | undefined, what: string): boolean | undefined {
    if (node === undefined) return undefined;
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    this.invalid(`'${what}' must be true or false`, node);
    return undefined;
  }

  private duration(node: Node | null | undefined, what: string): Duration | undefined {
    const text = this.str(node, what);
    if (text === undefined) return undefined;
    const ms = parseDuration(text);
    if (ms === undefined) {
      this.invalid(
        `invalid ${what} '${text}'`,
        node,
        'expected a number followed by m, h or d (5m, 1h, 14d), or a time span like 01:30:00',
      );
      return undefined;
    }
    return { text, ms };
  }

  /** A sequence's items; an absent or empty value is an empty list. */
  private list(node: Node | null | undefined, what: string): (Node | null)[] {
    if (node === undefined || node === null) return [];
    if (isSeq(node)) return node.items.map((n) => this.deref(n as Node | null));
    if (isScalar(node) && node.value === null) return [];
    this.invalid(`'${what}' must be a list`, node);
    return [];
  }

  private map(node: Node | null | undefined, what: string): YAMLMap | undefined {
    if (isMap(node)) return node;
    this.invalid(`${what} must be a mapping of fields`, node);
    return undefined;
  }

  private deref(node: Node | null): Node | null {
    return isAlias(node) ? ((node.resolve(this.doc) as Node | undefined) ?? null) : node;
  }

  private maxLength(
    text: string | undefined,
    max: number,
    what: string,
    node: Node | null | undefined,
  ) {
    if (text !== undefined && text.length > max) {
      this.warn(`'${what}' is ${text.length} characters long; Sentinel allows ${max}`, node);
    }
  }

  private sourceText(node: Scalar): string {
    const [start, end] = node.range ?? [0, 0];
    return this.file.text.slice(start, end);
  }

  private span(node: Node | null | undefined): Span {
    const [start, end] = node?.range ?? [0, 0];
    return { start, end: Math.max(end, start + 1) };
  }

  private error(
    code: Code,
    message: string,
    at: Node | Span | null | undefined,
    hint?: string,
  ): void {
    const span = at !== null && at !== undefined && 'start' in at ? at : this.span(at);
    this.errors.push(diagnostic(code, message, this.file, span, hint));
  }

  private invalid(message: string, at: Node | Span | null | undefined, hint?: string): void {
    this.error(Codes.ruleInvalidField, message, at, hint);
  }

  private warn(message: string, at: Node | null | undefined, hint?: string): void {
    const d = diagnostic(Codes.ruleInvalidField, message, this.file, this.span(at), hint);
    this.warnings.push({ ...d, severity: 'warning' });
  }
}

/** GUID forms .NET's `Guid` parser accepts in practice: dashed, braced, or 32 hex digits. */
const GUID = /^(?:\{?[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\}?|[0-9a-f]{32})$/i;

/** Log Analytics column names: a letter or `_`, then letters, digits and `_`. */
const COLUMN_NAME = /^[A-Za-z_]\w*$/;

const UNIT_MS: Readonly<Record<string, number>> = { m: MINUTE, h: HOUR, d: DAY };

/**
 * Sentinel's time-span converter: first .NET `TimeSpan` syntax (`[d.]hh:mm[:ss[.fffffff]]`, or a
 * bare number of days), then `<number><m|h|d>`.
 */
export function parseDuration(text: string): number | undefined {
  const short = /^(\d+)([mhd])$/.exec(text);
  if (short?.[1] !== undefined && short[2] !== undefined) {
    return Number(short[1]) * (UNIT_MS[short[2]] ?? 0);
  }
  if (/^\d+$/.test(text)) return Number(text) * DAY;
  const span = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/.exec(text);
  if (span === null) return undefined;
  const part = (i: number) => Number(span[i] ?? 0);
  if (part(2) > 23 || part(3) > 59 || part(4) > 59) return undefined;
  const fraction = Number(`0.${span[5] ?? '0'}`);
  return part(1) * DAY + part(2) * HOUR + part(3) * MINUTE + (part(4) + fraction) * 1000;
}

/**
 * A scalar's value as a source of its own, with `origin` set so that an offset in the value maps
 * to its line:column in the file. Exact for literal blocks (`query: |`), where every value line
 * is the file line minus the block's indentation, and for one-line values written as they read.
 * Folding and escapes change line breaks and lengths, so other values get no origin: positions
 * are then lines and columns of the query text, which the source name says.
 */
function embeddedSource(file: Source, node: Scalar, value: string): Source {
  const start = node.range?.[0] ?? 0;
  if (node.type !== 'BLOCK_LITERAL') {
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    const raw = file.text.slice(start + (quoted ? 1 : 0), node.range?.[1] ?? start);
    // A one-line value written as it reads maps exactly; a folded, multi-line or escaped one
    // does not, so its positions are given within the query text, and the source says so.
    if (node.type !== 'BLOCK_FOLDED' && !value.includes('\n') && raw.startsWith(value)) {
      const { line, column } = lineColumn(file, start + (quoted ? 1 : 0));
      return { name: file.name, text: value, origin: { line, column, indent: column - 1 } };
    }
    return { name: `${file.name} (query text as YAML reads it)`, text: value };
  }
  // The block's content starts on the line after its `|` header.
  const headerEnd = file.text.indexOf('\n', start);
  const contentStart = headerEnd < 0 ? file.text.length : headerEnd + 1;
  const { line } = lineColumn(file, contentStart);
  // Indentation = leading spaces in the file minus those kept in the value, on the first
  // non-blank line (lines indented deeper than the block keep their extra spaces in the value).
  const valueLines = value.split('\n');
  const fileLines = file.text.slice(contentStart).split('\n');
  const first = valueLines.findIndex((l) => l.trim() !== '');
  const leading = (s: string) => s.length - s.trimStart().length;
  const indent = first < 0 ? 0 : leading(fileLines[first] ?? '') - leading(valueLines[first] ?? '');
  return { name: file.name, text: value, origin: { line, column: indent + 1, indent } };
}

/** The known name within edit distance 2 of `name` (or equal ignoring case), if any. */
function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = k.toLowerCase() === name.toLowerCase() ? 0 : editDistance(name, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
