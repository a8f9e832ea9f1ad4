/**
 * One CloudTrail record → one row of Sentinel's `AWSCloudTrail` table, following the mapping of
 * CLOUDTRAIL.md §1 and the conversion rules of `test/fixtures/cloudtrail/README.md`:
 *
 * - absent strings are `""` (KQL strings cannot be null); absent bools and datetimes are `null`;
 * - bools come from JSON booleans or the strings `"true"`/`"false"`;
 * - `RequestParameters`, `ResponseElements`, `AdditionalEventData`, `ServiceEventDetails` and
 *   `Resources` hold the sub-value as compact JSON text in source key order (`""` when absent or
 *   null); JSON-in-string values such as a KMS `policy` stay strings, so they are double-encoded;
 * - `CidrIp`, `SourcePort`, `DestinationPort`, `IpProtocol` come from `requestParameters`
 *   (security-group calls), as text.
 *
 * The Sentinel S3 connector's own code is not public; the README marks the inferred parts.
 */
import { finerThanMicroseconds, parseDatetimeMicros } from '../db/time.js';
import { compactJson, JsonNumber, JsonObject, jsonPath, type JsonNode } from './json-text.js';

/** An `AWSCloudTrail` row in the conformance encoding (datetimes as RFC 3339 text). */
export type SentinelRow = Record<string, string | boolean | null>;

/** Why a record cannot become a row. */
export class RecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordError';
  }
}

/** Text of a scalar field: strings as is, numbers as written, bools as `true`/`false`. */
function text(node: JsonNode | undefined): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string') return node;
  if (typeof node === 'boolean') return node ? 'true' : 'false';
  if (node instanceof JsonNumber) return node.text;
  return compactJson(node);
}

function bool(node: JsonNode | undefined): boolean | null {
  if (typeof node === 'boolean') return node;
  if (typeof node === 'string') {
    const lower = node.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return null;
}

function jsonText(node: JsonNode | undefined): string {
  return node === undefined || node === null ? '' : compactJson(node);
}

function datetime(node: JsonNode | undefined): string | null {
  if (typeof node !== 'string' || parseDatetimeMicros(node) === undefined) return null;
  if (finerThanMicroseconds(node)) {
    throw new RecordError(`datetime ${node} is finer than a microsecond, which is all SQL stores`);
  }
  return node;
}

/** The first of several candidate values that is present and not null. */
function firstPresent(...nodes: (JsonNode | undefined)[]): JsonNode | undefined {
  return nodes.find((n) => n !== undefined && n !== null);
}

/**
 * Converts one element of a CloudTrail `Records` array. Throws RecordError when the record is not
 * an object, has no `eventID`, or has no valid `eventTime` (it would become a row no time-bounded
 * rule can ever see).
 */
export function cloudTrailRecordToRow(record: JsonNode): SentinelRow {
  if (!(record instanceof JsonObject)) throw new RecordError('record is not a JSON object');
  const field = (...steps: string[]): JsonNode | undefined => jsonPath(record, ...steps);

  const eventId = field('eventID');
  if (typeof eventId !== 'string' || eventId === '') {
    throw new RecordError(
      eventId === undefined
        ? 'record has no eventID'
        : 'record has an eventID that is not a string',
    );
  }
  const eventTime = field('eventTime');
  const timeGenerated = datetime(eventTime);
  if (timeGenerated === null) {
    throw new RecordError(
      eventTime === undefined
        ? `record ${eventId} has no eventTime`
        : `record ${eventId} has an eventTime that is not a datetime: ${compactJson(eventTime)}`,
    );
  }

  const identity = field('userIdentity');
  const session = jsonPath(identity, 'sessionContext');
  const attributes = jsonPath(session, 'attributes');
  const issuer = jsonPath(session, 'sessionIssuer');
  const tls = field('tlsDetails');
  const request = field('requestParameters');
  const firstPermission = jsonPath(request, 'ipPermissions', 'items', 0);

  const row: SentinelRow = {
    AdditionalEventData: jsonText(field('additionalEventData')),
    APIVersion: text(field('apiVersion')),
    AwsEventId: eventId,
    AWSRegion: text(field('awsRegion')),
    // Deprecated (guid-typed in workspaces); AwsRequestId_ carries the request id.
    AwsRequestId: '',
    AwsRequestId_: text(field('requestID')),
    Category: text(field('eventCategory')),
    CidrIp: text(
      firstPresent(
        jsonPath(request, 'cidrIp'),
        jsonPath(firstPermission, 'ipRanges', 'items', 0, 'cidrIp'),
      ),
    ),
    CipherSuite: text(jsonPath(tls, 'cipherSuite')),
    ClientProvidedHostHeader: text(jsonPath(tls, 'clientProvidedHostHeader')),
    DestinationPort: text(
      firstPresent(jsonPath(request, 'toPort'), jsonPath(firstPermission, 'toPort')),
    ),
    EC2RoleDelivery: text(jsonPath(session, 'ec2RoleDelivery')),
    ErrorCode: text(field('errorCode')),
    ErrorMessage: text(field('errorMessage')),
    EventName: text(field('eventName')),
    EventSource: text(field('eventSource')),
    EventTypeName: text(field('eventType')),
    EventVersion: text(field('eventVersion')),
    IpProtocol: text(
      firstPresent(jsonPath(request, 'ipProtocol'), jsonPath(firstPermission, 'ipProtocol')),
    ),
    ManagementEvent: bool(field('managementEvent')),
    OperationName: '',
    ReadOnly: bool(field('readOnly')),
    RecipientAccountId: text(field('recipientAccountId')),
    RequestParameters: jsonText(request),
    Resources: jsonText(field('resources')),
    ResponseElements: jsonText(field('responseElements')),
    ServiceEventDetails: jsonText(field('serviceEventDetails')),
    SessionCreationDate: datetime(jsonPath(attributes, 'creationDate')),
    SessionIssuerAccountId: text(jsonPath(issuer, 'accountId')),
    SessionIssuerArn: text(jsonPath(issuer, 'arn')),
    SessionIssuerPrincipalId: text(jsonPath(issuer, 'principalId')),
    SessionIssuerType: text(jsonPath(issuer, 'type')),
    SessionIssuerUserName: text(jsonPath(issuer, 'userName')),
    SessionMfaAuthenticated: bool(jsonPath(attributes, 'mfaAuthenticated')),
    SharedEventId: text(field('sharedEventID')),
    SourceIpAddress: text(field('sourceIPAddress')),
    SourcePort: text(
      firstPresent(jsonPath(request, 'fromPort'), jsonPath(firstPermission, 'fromPort')),
    ),
    SourceSystem: '',
    TenantId: '',
    TimeGenerated: timeGenerated,
    TlsVersion: text(jsonPath(tls, 'tlsVersion')),
    Type: 'AWSCloudTrail',
    UserAgent: text(field('userAgent')),
    UserIdentityAccessKeyId: text(jsonPath(identity, 'accessKeyId')),
    UserIdentityAccountId: text(jsonPath(identity, 'accountId')),
    UserIdentityArn: text(jsonPath(identity, 'arn')),
    UserIdentityInvokedBy: text(jsonPath(identity, 'invokedBy')),
    UserIdentityPrincipalid: text(jsonPath(identity, 'principalId')),
    UserIdentityStoreArn: text(jsonPath(identity, 'onBehalfOf', 'identityStoreArn')),
    UserIdentityType: text(jsonPath(identity, 'type')),
    UserIdentityUserId: text(jsonPath(identity, 'onBehalfOf', 'userId')),
    UserIdentityUserName: text(jsonPath(identity, 'userName')),
    VpcEndpointId: text(field('vpcEndpointId')),
  };
  // PostgreSQL text cannot hold U+0000 and SQLite's functions would stop at it: the record is
  // refused on both, rather than stored differently.
  for (const [column, value] of Object.entries(row)) {
    if (typeof value === 'string' && value.includes('\u0000')) {
      throw new RecordError(`record ${eventId} holds a NUL character (U+0000) in ${column}`);
    }
  }
  return row;
}
