// The Трембіта pass-through benchmark's messages: X-Road SOAP 4.x request envelopes (about 2 KB, seeded synthetic
// persons, a new message id in every one), the plain SOAP provider's answer to them (the X-Road header echoed byte for
// byte, as PR-MESS §2.2 asks), the check that an answer is a non-fault response to the request it answers, and the
// registry change that puts the provider behind the Трембіта simulator. Pure string work: the load generator builds an
// envelope per request and the provider answers each, so both must be cheap.
import { createPeople } from '../core/people.ts';

/** The caller, the service and where its provider takes SOAP calls (`path` on endpoints['participant.provider']). */
export const BENCH_SOAP = Object.freeze({
  /** the participant's subsystem; granted the service at run time */
  client: 'SEVDEIR-TEST/GOV/04054866/RTG_prod',
  /** a service of another subsystem of the same member, answered by the bench's provider (provider: participant) */
  service: 'SEVDEIR-TEST/GOV/04054866/BENCH_prod/PersonResidence/v1',
  serviceCode: 'PersonResidence',
  namespace: 'http://rtg.polihon.test/trembita/api/PersonResidence',
  providerPath: '/soap',
  contentType: 'text/xml; charset=utf-8',
  soapAction: '""',
});

export const NS_SOAP11_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const NS_XROAD = 'http://x-road.eu/xsd/xroad.xsd';
const NS_ID = 'http://x-road.eu/xsd/identifiers';

/** The control-API change (POST /__polihon/registry) that registers the service and grants it to the client. */
export function benchRegistryPatch(): object {
  const [instance, memberClass, memberCode, subsystemCode, serviceCode, version] = BENCH_SOAP.service.split('/');
  void instance;
  void memberClass;
  return {
    members: [
      {
        code: memberCode,
        name: 'Тестовий орган реєстрації (polihon)',
        subsystems: [
          {
            code: subsystemCode,
            name: 'polihon bench: a plain HTTP SOAP provider',
            services: [
              {
                code: serviceCode,
                version,
                type: 'SOAP',
                provider: 'participant',
                path: BENCH_SOAP.providerPath,
                namespace: BENCH_SOAP.namespace,
                title: 'Відомості про зареєстроване місце проживання особи (polihon bench)',
              },
            ],
          },
        ],
      },
    ],
    access: [{ client: BENCH_SOAP.client, services: [BENCH_SOAP.service] }],
  };
}

function idXml(element: 'client' | 'service', text: string): string {
  const parts = text.split('/');
  const names =
    element === 'client'
      ? ['xRoadInstance', 'memberClass', 'memberCode', 'subsystemCode']
      : ['xRoadInstance', 'memberClass', 'memberCode', 'subsystemCode', 'serviceCode', 'serviceVersion'];
  const type = element === 'client' ? 'SUBSYSTEM' : 'SERVICE';
  return (
    `    <xrd:${element} id:objectType="${type}">\n` +
    parts.map((p, i) => `      <id:${names[i]}>${p}</id:${names[i]}>\n`).join('') +
    `    </xrd:${element}>\n`
  );
}

const xmlText = (s: string) => s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));

export interface EnvelopeFeedOptions {
  seed: number;
  /** distinct persons, used in turn */
  persons: number;
  /** epoch ms; the persons' ages and documents are as of that day */
  now: number;
}

export interface EnvelopeFeed {
  /** the next envelope, with a message id no earlier envelope of this feed had */
  next(): string;
  /** the i-th envelope, without moving the feed */
  envelope(i: number): string;
  /** the X-Road message id of the i-th envelope: UUID-shaped, the seed's prefix and i in the last group */
  messageId(i: number): string;
  /** envelopes issued so far (never reset: ids stay unique for the whole run) */
  readonly issued: number;
}

const MAX_MESSAGES = 1e12;

/**
 * Envelopes as a hromada registry's information system writes them to its security server: SOAP 1.1, the X-Road
 * header with client, service, id, userId, issue and protocolVersion, and a request for a person's registered
 * residence, indented. Built from pre-serialised parts: the generator builds one per request.
 */
export function createEnvelopeFeed(options: EnvelopeFeedOptions): EnvelopeFeed {
  if (!Number.isInteger(options.persons) || options.persons < 1) throw new RangeError(`persons must be a positive integer, got ${options.persons}`);
  const referenceDate = new Date(options.now).toISOString().slice(0, 10);
  const people = createPeople({ seed: options.seed, referenceDate });
  const officer = people.person();
  const head =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${NS_SOAP11_ENV}" xmlns:xrd="${NS_XROAD}" xmlns:id="${NS_ID}">\n` +
    '  <SOAP-ENV:Header>\n' +
    idXml('client', BENCH_SOAP.client) +
    idXml('service', BENCH_SOAP.service) +
    '    <xrd:id>';
  const afterId =
    '</xrd:id>\n' +
    `    <xrd:userId>UA${officer.rnokpp}</xrd:userId>\n` +
    '    <xrd:issue>';
  const afterIssue =
    '</xrd:issue>\n' +
    '    <xrd:protocolVersion>4.0</xrd:protocolVersion>\n' +
    '  </SOAP-ENV:Header>\n' +
    '  <SOAP-ENV:Body>\n' +
    `    <tns:${BENCH_SOAP.serviceCode} xmlns:tns="${BENCH_SOAP.namespace}">\n` +
    '      <request>\n' +
    '        <purpose>Перевірка зареєстрованого місця проживання для надання адміністративної послуги</purpose>\n' +
    `        <requestedBy><officer>${xmlText(officer.fullName)}</officer><position>Адміністратор ЦНАП</position></requestedBy>\n`;
  const tail = '      </request>\n' + `    </tns:${BENCH_SOAP.serviceCode}>\n` + '  </SOAP-ENV:Body>\n' + '</SOAP-ENV:Envelope>\n';
  const persons: string[] = [];
  for (let i = 0; i < options.persons; i++) {
    const p = people.person();
    persons.push(
      '        <person>\n' +
        `          <rnokpp>${p.rnokpp}</rnokpp>\n` +
        `          <unzr>${p.unzr}</unzr>\n` +
        `          <lastName>${xmlText(p.lastName)}</lastName>\n` +
        `          <firstName>${xmlText(p.firstName)}</firstName>\n` +
        `          <patronymic>${xmlText(p.patronymic)}</patronymic>\n` +
        `          <birthDate>${p.birthDate}</birthDate>\n` +
        `          <sex>${p.sex}</sex>\n` +
        `          <document><type>id-card</type><number>${p.idCard.number}</number><issuedOn>${p.idCard.issuedOn}</issuedOn>` +
        `<authority>${xmlText(p.idCard.authority)}</authority></document>\n` +
        '        </person>\n' +
        `        <address><katottg>${p.address.katottg}</katottg><text>${xmlText(p.address.text)}</text></address>\n` +
        `        <onDate>${referenceDate}</onDate>\n`,
    );
  }
  // the id: 8-4-4-4-12 hex, version 4 and variant bits set, the seed in front and the index in the last group
  const seedHex = (options.seed >>> 0).toString(16).padStart(8, '0');
  const messageId = (i: number) => `${seedHex}-b3c4-4e1d-9a7f-${String(i).padStart(12, '0')}`;
  const envelope = (i: number): string => {
    if (!Number.isInteger(i) || i < 0 || i >= MAX_MESSAGES) throw new RangeError(`message ${i} is outside the feed`);
    return head + messageId(i) + afterId + `Звернення № ЦНАП-${1_000_000 + (i % 9_000_000)}` + afterIssue + persons[i % persons.length]! + tail;
  };
  let issued = 0;
  return {
    next: () => envelope(issued++),
    envelope,
    messageId,
    get issued() {
      return issued;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The provider

const HEADER_OPEN = /<((?:[A-Za-z_][\w.-]*:)?)Header[\s>]/;

/** What the provider answers: its envelope, or why it cannot (then it answers a SOAP fault of its own). */
export type ProviderAnswer = { ok: true; text: string } | { ok: false; reason: string };

/**
 * The bench provider's answer to a request envelope: the request's Envelope start tag (so every prefix stays
 * declared), its Header element byte for byte (the echo rule), and `<{wrapper}Response>` holding the residence record
 * of the person asked about. String work only, no XML parser: the provider must not be what limits the comparison.
 */
export function providerAnswer(request: string): ProviderAnswer {
  const envStart = request.indexOf('Envelope');
  const envOpen = envStart < 0 ? -1 : request.lastIndexOf('<', envStart);
  const envClose = envOpen < 0 ? -1 : request.indexOf('>', envStart);
  if (envOpen < 0 || envClose < 0) return { ok: false, reason: 'no SOAP Envelope' };
  const m = HEADER_OPEN.exec(request);
  if (!m) return { ok: false, reason: 'no SOAP Header' };
  const prefix = m[1]!;
  const headerEnd = request.indexOf(`</${prefix}Header>`, m.index);
  if (headerEnd < 0) return { ok: false, reason: 'the SOAP Header is not closed' };
  const header = request.slice(m.index, headerEnd + prefix.length + 9);
  const wrapperOpen = request.indexOf('<tns:', headerEnd);
  const wrapperEnd = wrapperOpen < 0 ? -1 : request.indexOf(' ', wrapperOpen);
  if (wrapperEnd < 0) return { ok: false, reason: 'no request wrapper' };
  const wrapper = request.slice(wrapperOpen + 1, wrapperEnd);
  const person = between(request, '<person>', '</person>');
  const address = between(request, '<address>', '</address>');
  const onDate = between(request, '<onDate>', '</onDate>') ?? '';
  if (person === undefined || address === undefined) return { ok: false, reason: 'no person or address in the request' };
  const rnokpp = between(person, '<rnokpp>', '</rnokpp>') ?? '';
  const text =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `${request.slice(envOpen, envClose + 1)}\n` +
    `  ${header}\n` +
    `  <${prefix}Body>\n` +
    `    <${wrapper}Response xmlns:tns="${BENCH_SOAP.namespace}">\n` +
    '      <response>\n' +
    `        <rnokpp>${rnokpp}</rnokpp>\n` +
    '        <registered>true</registered>\n' +
    `        <address>${address}</address>\n` +
    `        <registeredSince>2019-04-17</registeredSince>\n` +
    `        <onDate>${onDate}</onDate>\n` +
    '        <registrationBody><edrpou>04054866</edrpou><name>Тестовий орган реєстрації (polihon)</name></registrationBody>\n' +
    '        <source>Реєстр територіальної громади (polihon bench)</source>\n' +
    '      </response>\n' +
    `    </${wrapper}Response>\n` +
    `  </${prefix}Body>\n` +
    `</${/^<([^\s>/]+)/.exec(request.slice(envOpen, envClose + 1))![1]}>\n`;
  return { ok: true, text };
}

/** A SOAP 1.1 Client fault, what the provider answers (HTTP 500) to a request it cannot read. */
export function providerFault(reason: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${NS_SOAP11_ENV}"><SOAP-ENV:Body><SOAP-ENV:Fault>` +
    `<faultcode>SOAP-ENV:Client</faultcode><faultstring>${xmlText(reason)}</faultstring>` +
    '</SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>'
  );
}

function between(text: string, open: string, close: string): string | undefined {
  const a = text.indexOf(open);
  if (a < 0) return undefined;
  const b = text.indexOf(close, a + open.length);
  return b < 0 ? undefined : text.slice(a + open.length, b);
}

// ---------------------------------------------------------------------------------------------------------
// Checking an answer

/** The kinds of wrong answer the bench counts (each makes the measurement invalid). */
export type AnswerProblem = 'fault' | 'not-a-response' | 'other-message';

/**
 * Why `answer` is not the non-fault response to `request`, or undefined when it is: no SOAP Fault in it, the
 * service's `<…Response>` wrapper, and the request's message id in its (echoed) header. Cheap enough for every answer.
 */
export function answerProblem(answer: string, request: string): AnswerProblem | undefined {
  if (answer.includes('Fault>') || answer.includes('Fault ') || answer.includes('faultcode')) return 'fault';
  if (!answer.includes(`${BENCH_SOAP.serviceCode}Response`)) return 'not-a-response';
  const id = between(request, '<xrd:id>', '</xrd:id>');
  if (id === undefined || !answer.includes(`<xrd:id>${id}</xrd:id>`)) return 'other-message';
  return undefined;
}
