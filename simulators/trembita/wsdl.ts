// Service descriptions the simulator serves: WSDL 1.1 (document/literal wrapped) with the X-Road header parts, and
// OpenAPI for REST built-ins. The X-Road header schema is inlined in <wsdl:types>, so a client such as zeep loads
// the WSDL with no network access (protocol-facts §1.5; the xroad.xsd/identifiers.xsd shapes follow PR-MESS Annexes A, B).
import type { ServiceEntry } from './registry.ts';
import { defaultNamespace, type SoapBuiltin } from './services.ts';
import { NS_ID, NS_XROAD } from './soap.ts';
import { escapeAttr, escapeText } from './xml.ts';

/** Where a security server points every WSDL it hands out (PR-META §4). */
export const WSDL_ENDPOINT = 'http://example.org/xroad-endpoint';

/** The header parts every operation declares, in the order requests carry them. */
export const HEADER_PARTS = ['client', 'service', 'id', 'userId', 'issue', 'protocolVersion'] as const;

const IDENTIFIERS_SCHEMA =
  `<xs:schema targetNamespace="${NS_ID}" elementFormDefault="qualified">` +
  ['xRoadInstance', 'memberClass', 'memberCode', 'subsystemCode', 'groupCode', 'serviceCode', 'serviceVersion', 'securityCategoryCode', 'serverCode']
    .map((n) => `<xs:element name="${n}" type="xs:string"/>`)
    .join('') +
  '<xs:simpleType name="XRoadObjectType"><xs:restriction base="xs:string">' +
  ['MEMBER', 'SUBSYSTEM', 'SERVER', 'GLOBALGROUP', 'LOCALGROUP', 'SECURITYCATEGORY', 'SERVICE', 'CENTRALSERVICE'].map((v) => `<xs:enumeration value="${v}"/>`).join('') +
  '</xs:restriction></xs:simpleType>' +
  '<xs:attribute name="objectType" type="id:XRoadObjectType"/>' +
  '<xs:complexType name="XRoadClientIdentifierType"><xs:sequence>' +
  '<xs:element ref="id:xRoadInstance"/><xs:element ref="id:memberClass"/><xs:element ref="id:memberCode"/><xs:element ref="id:subsystemCode" minOccurs="0"/>' +
  '</xs:sequence><xs:attribute ref="id:objectType" use="required"/></xs:complexType>' +
  '<xs:complexType name="XRoadServiceIdentifierType"><xs:sequence>' +
  '<xs:element ref="id:xRoadInstance"/><xs:element ref="id:memberClass"/><xs:element ref="id:memberCode"/><xs:element ref="id:subsystemCode" minOccurs="0"/>' +
  '<xs:element ref="id:serviceCode"/><xs:element ref="id:serviceVersion" minOccurs="0"/>' +
  '</xs:sequence><xs:attribute ref="id:objectType" use="required"/></xs:complexType>' +
  '</xs:schema>';

const XROAD_SCHEMA =
  `<xs:schema targetNamespace="${NS_XROAD}" elementFormDefault="qualified">` +
  `<xs:import namespace="${NS_ID}"/>` +
  '<xs:element name="client" type="id:XRoadClientIdentifierType"/>' +
  '<xs:element name="service" type="id:XRoadServiceIdentifierType"/>' +
  '<xs:element name="id" type="xs:string"/>' +
  '<xs:element name="userId" type="xs:string"/>' +
  '<xs:element name="issue" type="xs:string"/>' +
  '<xs:element name="protocolVersion" type="xs:string"/>' +
  '<xs:element name="requestHash"><xs:complexType><xs:simpleContent><xs:extension base="xs:string">' +
  '<xs:attribute name="algorithmId" type="xs:string"/></xs:extension></xs:simpleContent></xs:complexType></xs:element>' +
  '<xs:element name="title" type="xs:string"/><xs:element name="notes" type="xs:string"/><xs:element name="techNotes" type="xs:string"/>' +
  '<xs:element name="version" type="xs:string"/>' +
  '</xs:schema>';

const ANY_SEQUENCE = '<xs:any minOccurs="0" maxOccurs="unbounded" processContents="lax"/>';

/** A name usable as an NCName in WSDL component names. */
function ncname(s: string): string {
  const n = s.replace(/[^\w.-]/g, '_');
  return /^[A-Za-z_]/.test(n) ? n : `_${n}`;
}

/**
 * The WSDL of one SOAP service. With a built-in, its real message shapes; otherwise (a participant's service with no
 * WSDL of its own) open wrappers (`xs:any`) that still carry the X-Road headers.
 */
export function serviceWsdl(service: ServiceEntry, builtin?: SoapBuiltin): string {
  const code = service.id.serviceCode;
  const tns = service.config.namespace ?? defaultNamespace(code);
  const base = ncname(code);
  const request = builtin?.requestXsd ?? ANY_SEQUENCE;
  const response = builtin?.responseXsd ?? ANY_SEQUENCE;
  const headerBindings = (message: string) =>
    HEADER_PARTS.map((p) => `<soap:header message="tns:${message}" part="${p}" use="literal"/>`).join('');
  const title = service.config.title ?? code;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<wsdl:definitions name="${escapeAttr(base)}" targetNamespace="${escapeAttr(tns)}"` +
    ' xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"' +
    ` xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="${escapeAttr(tns)}" xmlns:xrd="${NS_XROAD}" xmlns:id="${NS_ID}">` +
    '<wsdl:types>' +
    IDENTIFIERS_SCHEMA +
    XROAD_SCHEMA +
    `<xs:schema targetNamespace="${escapeAttr(tns)}">` +
    `<xs:element name="${escapeAttr(code)}"><xs:complexType><xs:sequence>${request}</xs:sequence></xs:complexType></xs:element>` +
    `<xs:element name="${escapeAttr(code)}Response"><xs:complexType><xs:sequence>${response}</xs:sequence></xs:complexType></xs:element>` +
    '<xs:complexType name="BusinessFault"><xs:sequence><xs:element name="faultCode" type="xs:string"/><xs:element name="faultString" type="xs:string"/></xs:sequence></xs:complexType>' +
    '</xs:schema>' +
    '</wsdl:types>' +
    '<wsdl:message name="requestheader">' +
    HEADER_PARTS.map((p) => `<wsdl:part name="${p}" element="xrd:${p}"/>`).join('') +
    '</wsdl:message>' +
    `<wsdl:message name="${escapeAttr(base)}"><wsdl:part name="body" element="tns:${escapeAttr(code)}"/></wsdl:message>` +
    `<wsdl:message name="${escapeAttr(base)}Response"><wsdl:part name="body" element="tns:${escapeAttr(code)}Response"/></wsdl:message>` +
    `<wsdl:portType name="${escapeAttr(base)}PortType">` +
    `<wsdl:operation name="${escapeAttr(code)}">` +
    `<wsdl:documentation><xrd:title>${escapeText(title)}</xrd:title></wsdl:documentation>` +
    `<wsdl:input message="tns:${escapeAttr(base)}"/><wsdl:output message="tns:${escapeAttr(base)}Response"/>` +
    '</wsdl:operation></wsdl:portType>' +
    `<wsdl:binding name="${escapeAttr(base)}Binding" type="tns:${escapeAttr(base)}PortType">` +
    '<soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>' +
    `<wsdl:operation name="${escapeAttr(code)}">` +
    '<soap:operation soapAction="" style="document"/>' +
    (service.id.serviceVersion ? `<xrd:version>${escapeText(service.id.serviceVersion)}</xrd:version>` : '') +
    `<wsdl:input><soap:body parts="body" use="literal"/>${headerBindings('requestheader')}</wsdl:input>` +
    `<wsdl:output><soap:body parts="body" use="literal"/>${headerBindings('requestheader')}</wsdl:output>` +
    '</wsdl:operation></wsdl:binding>' +
    `<wsdl:service name="${escapeAttr(base)}Service"><wsdl:port name="${escapeAttr(base)}Port" binding="tns:${escapeAttr(base)}Binding">` +
    `<soap:address location="${WSDL_ENDPOINT}"/></wsdl:port></wsdl:service>` +
    '</wsdl:definitions>\n'
  );
}

/** A provider's own WSDL with every soap:address pointed at the X-Road placeholder, as the security server does. */
export function rewriteWsdlAddresses(wsdl: string): string {
  return wsdl.replace(/(<(?:[\w.-]+:)?address\b[^>]*\blocation\s*=\s*)(["'])[^"']*\2/g, `$1$2${WSDL_ENDPOINT}$2`);
}

/** An OpenAPI 3 document for a REST service with no description of its own, from the endpoints the registry lists. */
export function genericOpenApi(service: ServiceEntry): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of service.config.endpoints ?? []) {
    const path = e.path.replace(/\*/g, '{param}');
    (paths[path] ??= {})[e.method.toLowerCase()] = { responses: { default: { description: 'The provider’s answer' } } };
  }
  return { openapi: '3.0.3', info: { title: service.config.title ?? service.id.serviceCode, version: service.id.serviceVersion ?? '1' }, paths };
}
