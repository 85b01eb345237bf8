// What certification says to a person — the official set's refusals, verify's findings, statement.html — in
// Ukrainian and English. The command's own lines (help, the summary it prints) are the CLI's (cli/messages.ts).
import { defineMessages } from '../core/i18n.ts';

export const C = defineMessages('certification', {
  disclaimer: {
    uk: 'Ця заява — доказ для перевірки інтеграції: вона фіксує, які сценарії polihon пройшла система учасника і з яким результатом. Це не сертифікат відповідності, не атестат КСЗІ і не юридично значущий документ; рішення про допуск ухвалює уповноважений орган.',
    en: "This statement is evidence for an integration review: it records which polihon scenarios the participant's system ran and with what result. It is not a certificate of conformity, not a КСЗІ attestation and not a legally binding document; admission is decided by the competent authority.",
  },
  // --- the official set (certify, and the lock's own test) ---
  regenerate: {
    uk: 'після зміни сценаріїв оновіть офіційний набір однією командою: {command} (і закомітьте scenarios/certification.json)',
    en: 'after changing scenarios, regenerate the official set with one command: {command} (and commit scenarios/certification.json)',
  },
  lockMissing: { uk: 'немає офіційного набору сценаріїв {file}: {error}', en: 'the official scenario set {file} is missing: {error}' },
  lockInvalid: { uk: 'офіційний набір сценаріїв {file} пошкоджено: {error}', en: 'the official scenario set {file} is damaged: {error}' },
  setFileMissing: { uk: 'сценарію {file} з офіційного набору немає на диску', en: 'the official scenario {file} is not on disk' },
  setFileEdited: {
    uk: 'сценарій {file} змінено: його SHA-256 {actual}, а офіційний набір фіксує {locked}',
    en: 'the scenario {file} was edited: its SHA-256 is {actual}, the official set pins {locked}',
  },
  setFileExtra: {
    uk: 'сценарій {file} (роль {role}) не входить до офіційного набору: сертифікаційний запуск бере лише офіційні сценарії',
    en: 'the scenario {file} (role {role}) is not in the official set: a certification run takes the official scenarios only',
  },
  setFileRole: {
    uk: 'сценарій {file} тепер має роль {role}, а офіційний набір записав його за іншою роллю',
    en: 'the scenario {file} now has the role {role}; the official set lists it under another',
  },
  setNotOfficial: { uk: '{n} {n:проблема|проблеми|проблем} з офіційним набором сценаріїв; нічого не запущено', en: '{n} {n:problem|problems} with the official scenario set; nothing was run' },
  stale: {
    uk: '{file} застарів: сценарії на диску не ті, що в ньому. Виконайте {command} і закомітьте файл',
    en: '{file} is stale: the scenarios on disk are not the ones it lists. Run {command} and commit the file',
  },

  // --- verify: input that cannot be read (exit 2) ---
  whatStatement: { uk: 'заяви', en: 'statement' },
  whatSignature: { uk: 'підпису заяви', en: "statement's signature" },
  whatKey: { uk: 'довіреного відкритого ключа', en: 'trusted public key' },
  whatJournal: { uk: 'журналу', en: 'journal' },
  inputMissing: { uk: 'файлу {what} немає: {file}', en: 'the {what} file is missing: {file}' },
  inputUnreadable: { uk: 'файл {what} {file} не прочитати: {error}', en: 'the {what} file {file} cannot be read: {error}' },
  jwsMissingHint: {
    uk: 'підпис лежить поруч із заявою як {file}; передайте рецензентові обидва файли разом із journal.jsonl',
    en: 'the signature lies beside the statement as {file}; give a reviewer both files with journal.jsonl',
  },
  jwsUnreadable: { uk: '{file} — не компактний JWS: {error}', en: '{file} is not a compact JWS: {error}' },
  trustHint: {
    uk: 'передайте --trust <відкритий-ключ.pem>, який видавець заяви надав окремо від неї (у робочій теці polihon — .polihon/certification/harness-key.pub.pem)',
    en: "pass --trust <public-key.pem> that the statement's issuer gave you apart from it (in a polihon workspace: .polihon/certification/harness-key.pub.pem)",
  },
  keyUnreadable: { uk: '{file} — не відкритий ключ Ed25519 чи ECDSA у PEM: {error}', en: '{file} is not an Ed25519 or ECDSA public key in PEM: {error}' },
  statementNotJson: { uk: '{file} — не JSON (обрізаний чи пошкоджений файл): {error}', en: '{file} is not JSON (a truncated or damaged file): {error}' },
  differsFromSigned: {
    uk: 'відрізняється від підписаної копії з {at} (у файлі {size} байтів, у підписаній копії {signed})',
    en: 'it differs from the signed copy from {at} ({size} bytes in the file, {signed} in the signed copy)',
  },
  notStatement: { uk: '{file} — не заява polihon: поле {path}: {error}', en: '{file} is not a polihon statement: field {path}: {error}' },
  journalMissingHint: {
    uk: 'журнал лежить поруч із заявою (journal.jsonl тієї самої теки звітів) або його вказує --journal <файл>',
    en: 'the journal lies beside the statement (journal.jsonl of the same report folder), or --journal <file> names it',
  },

  // --- verify: findings (exit 1) ---
  fOtherKey: {
    uk: 'заяву підписано іншим ключем: {kid}, а довірений ключ ({file}) — {trusted}',
    en: 'the statement is signed with another key: {kid}; the trusted key ({file}) is {trusted}',
  },
  fSignature: {
    uk: 'підпис не сходиться з довіреним ключем: підписаний вміст або сам підпис змінено',
    en: 'the signature does not verify with the trusted key: the signed content or the signature was changed',
  },
  fKid: { uk: 'заголовок підпису називає ключ {kid}, а підписано довіреним {trusted}: заголовок змінено', en: 'the signature header names key {kid} but the trusted key {trusted} signed: the header was changed' },
  fField: { uk: 'змінено {path}: підписано {signed}, у файлі {file}', en: '{path} changed: signed {signed}, the file has {file}' },
  fMoreFields: { uk: 'і ще {n} {n:поле|поля|полів}', en: 'and {n} more {n:field|fields}' },
  fBytes: {
    uk: 'байти заяви відрізняються від підписаної копії, хоч поля ті самі ({size} проти {signed} байтів)',
    en: 'the statement bytes differ from the signed copy though every field is the same ({size} against {signed} bytes)',
  },
  otherVersion: {
    uk: 'заяву зробив polihon {stated}, а це polihon {version}: відмінності сценаріїв і набору можуть бути відмінностями версій — перевіряйте тією самою версією',
    en: 'the statement was made by polihon {stated}, this is polihon {version}: scenario and set differences may be the versions’ — verify with the same version',
  },
  fSetHash: { uk: 'геш набору сценаріїв {stated} не відповідає переліченим файлам (вони дають {actual})', en: 'the scenario set hash {stated} does not match the files listed (they give {actual})' },
  fScenarioMissing: { uk: 'сценарію {file} немає на диску', en: 'the scenario {file} is not on disk' },
  fScenarioChanged: { uk: 'сценарій {file} змінено: на диску SHA-256 {actual}, у заяві {stated}', en: 'the scenario {file} changed: {actual} on disk, {stated} in the statement' },
  fLockUnreadable: { uk: 'офіційний набір цієї версії не прочитано: {error}', en: "this version's official set could not be read: {error}" },
  fNotInStatement: { uk: 'є в офіційному наборі, але не в заяві', en: 'in the official set, not in the statement' },
  fNotInLock: { uk: 'є в заяві, але не в офіційному наборі', en: 'in the statement, not in the official set' },
  fLockDiffers: { uk: 'офіційний набір фіксує {locked}, заява — {stated}', en: 'the official set pins {locked}, the statement {stated}' },
  fNotOfficial: { uk: 'набір заяви не офіційний ({lock}): {file} — {why}', en: "the statement's set is not the official one ({lock}): {file} — {why}" },
  fJournalNotJson: { uk: 'рядок {line} журналу — не JSON: {error}', en: 'journal line {line} is not JSON: {error}' },
  fJournalNotEntry: { uk: 'рядок {line} журналу — не запис журналу', en: 'journal line {line} is not a journal entry' },
  fJournalMalformed: { uk: 'запис журналу має поле хибного типу: {error}', en: 'a journal entry has a field of the wrong type: {error}' },
  fJournalBroken: { uk: 'рядок {line} журналу (seq {seq}) не перевіряється: {reason}', en: 'journal line {line} (seq {seq}) does not verify: {reason}' },
  rHash: { uk: 'його вміст змінено після запечатування (геш запису не сходиться)', en: 'its content changed after it was sealed (the entry hash does not match)' },
  rChain: { uk: 'ланцюг розірвано: запис перед ним вилучено, вставлено чи змінено', en: 'the chain breaks: an entry before it was removed, inserted or changed' },
  rBody: { uk: 'тіло не дає записаного bodySha256', en: 'its body does not hash to the recorded bodySha256' },
  rNoSeal: { uk: 'маскований запис без печатки (старий формат)', en: 'a masked entry without a seal (an old format)' },
  fJournalHead: { uk: 'голова журналу {actual}, а заява фіксує {stated}', en: 'the journal head is {actual}, the statement pins {stated}' },
  fJournalEntries: { uk: 'у журналі {actual} {actual:запис|записи|записів}, а заява фіксує {stated}', en: 'the journal has {actual} {actual:entry|entries}, the statement pins {stated}' },
  fJournalBytes: {
    uk: 'SHA-256 файлу журналу {actual}, а заява фіксує {stated} (записи цілі, змінено щось між ними)',
    en: 'the journal file hashes to {actual}, the statement pins {stated} (every entry verifies; something between them changed)',
  },
});

/** statement.html's words. */
export const H = defineMessages('statement-page', {
  title: { uk: 'Заява про проходження сценаріїв polihon', en: 'polihon conformance statement' },
  participant: { uk: 'Учасник', en: 'Participant' },
  version: { uk: 'Версія', en: 'Version' },
  xroadId: { uk: 'Ідентифікатор X-Road', en: 'X-Road identifier' },
  edrpou: { uk: 'Код ЄДРПОУ', en: 'ЄДРПОУ code' },
  roles: { uk: 'Ролі', en: 'Roles' },
  outcome: { uk: 'Результат', en: 'Outcome' },
  run: { uk: 'Запуск', en: 'Run' },
  period: { uk: 'Час (UTC)', en: 'Time (UTC)' },
  counts: { uk: 'Сценарії', en: 'Scenarios' },
  tool: { uk: 'Інструмент', en: 'Tool' },
  set: { uk: 'Офіційний набір сценаріїв', en: 'Official scenario set' },
  setFiles: { uk: '{n} {n:файл|файли|файлів}, геш набору', en: '{n} {n:file|files}, set hash' },
  verdicts: { uk: 'Вимоги', en: 'Requirements' },
  requirement: { uk: 'Вимога', en: 'Requirement' },
  scenarios: { uk: 'Сценарії', en: 'Scenarios' },
  journal: { uk: 'Журнал обміну', en: 'Exchange journal' },
  journalLine: { uk: '{file}: {n} {n:запис|записи|записів}, голова ланцюга {head}, SHA-256 файлу {sha256}', en: '{file}: {n} {n:entry|entries}, chain head {head}, file SHA-256 {sha256}' },
  signature: { uk: 'Підпис', en: 'Signature' },
  signatureLine: { uk: '{alg}, ключ {kid}, у файлі {file}', en: '{alg}, key {kid}, in {file}' },
  issued: { uk: 'Видано', en: 'Issued' },
  howToVerify: {
    uk: 'Перевірка: polihon verify statement.json --trust <відкритий-ключ.pem> у теці з statement.json, statement.json.jws і journal.jsonl; відкритий ключ видавець надає окремо, а його відбиток (RFC 7638) має збігтися з ключем вище.',
    en: 'To verify: polihon verify statement.json --trust <public-key.pem> in the folder holding statement.json, statement.json.jws and journal.jsonl; the issuer gives the public key separately, and its thumbprint (RFC 7638) must match the key above.',
  },
  notCovered: { uk: 'не покрито', en: 'not covered' },
  rule: { uk: 'Зміст', en: 'Rule' },
  informative: { uk: 'довідкова', en: 'informative' },
});
