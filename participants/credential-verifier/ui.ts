// The officer's web page: a digit-code field, "Перевірити", "Сканувати QR" (camera through getUserMedia, frames drawn
// to a canvas and decoded by jsQR in the page), and the result. The page posts to this participant's own backend
// (POST /api/verifications), which judges exactly as the driver does. Plain HTML, no framework; every text Ukrainian.

/** The page. `scan` false (typed-only) serves a scan button that does nothing. */
export function pageHtml(options: { scan: boolean }): string {
  return `<!doctype html>
<html lang="uk">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Перевірка е-Посвідчення</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 1.5rem auto; padding: 0 1rem; color: #111; background: #fff; line-height: 1.4; }
  label { display: block; font-weight: 600; margin-bottom: .25rem; }
  input { font-size: 1.25rem; padding: .4rem; width: 100%; box-sizing: border-box; border: 2px solid #333; border-radius: 4px; }
  .actions { display: flex; gap: .75rem; margin: .75rem 0; flex-wrap: wrap; }
  button { font-size: 1rem; padding: .55rem 1rem; border: 2px solid #111; border-radius: 4px; background: #111; color: #fff; cursor: pointer; }
  button.secondary { background: #fff; color: #111; }
  button:focus-visible, input:focus-visible { outline: 3px solid #0050b3; outline-offset: 2px; }
  #camera { display: none; margin: .5rem 0; }
  #camera.on { display: block; }
  video { width: 100%; max-width: 32rem; border: 2px solid #333; }
  #result { margin-top: 1rem; padding: .75rem 1rem; border: 2px solid #777; border-radius: 4px; min-height: 1.5rem; }
  #result[hidden], #progress[hidden] { display: none; }
  #result[data-verdict="valid"] { border-color: #0a6b2e; background: #eaf7ee; }
  #result[data-verdict]:not([data-verdict="valid"]) { border-color: #a40000; background: #fdecec; }
  .message { font-size: 1.2rem; font-weight: 700; margin: 0 0 .5rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem .75rem; margin: 0; }
  dt { font-weight: 600; }
  dd { margin: 0; }
  img.photo { width: 7rem; height: auto; border: 1px solid #777; }
</style>
</head>
<body>
<main>
  <h1>Перевірка е-Посвідчення</h1>
  <p>Введіть цифровий код з екрана Дії або відскануйте QR-код камерою.</p>
  <form id="form" novalidate>
    <label for="code">Цифровий код</label>
    <input id="code" name="code" inputmode="numeric" autocomplete="off" aria-describedby="code-hint">
    <p id="code-hint">13 цифр під штрихкодом; пробіли можна лишити.</p>
    <div class="actions">
      <button type="submit" id="verify">Перевірити</button>
      <button type="button" id="scan" class="secondary"${options.scan ? '' : ' data-scan="off"'}>Сканувати QR</button>
    </div>
  </form>
  <section id="camera" aria-label="Камера">
    <video id="video" muted playsinline aria-label="Зображення з камери"></video>
    <canvas id="frame" hidden></canvas>
    <div class="actions"><button type="button" id="stop" class="secondary">Зупинити камеру</button></div>
  </section>
  <p id="progress" role="status" hidden>Перевіряємо в Дії…</p>
  <section id="result" role="status" aria-live="polite" hidden></section>
</main>
<script src="jsQR.js"></script>
<script>
(function () {
  'use strict';
  var scanEnabled = ${options.scan ? 'true' : 'false'};
  var LABELS = [
    ['state', 'Стан'], ['title', 'Документ'], ['fullName', 'ПІБ'], ['position', 'Посада'], ['issueDate', 'Дата видачі'],
    ['seriesNumber', 'Серія і номер'], ['issuingBody', 'Орган, що видав'], ['expiryDate', 'Дійсне до'],
    ['phone', 'Телефон'], ['email', 'Ел. пошта']
  ];
  var STATES = { active: 'чинне' };
  var result = document.getElementById('result');
  var progress = document.getElementById('progress');
  var busy = false;

  // #result appears, with its data-verdict, only once there is a result: whoever waits for it never reads a
  // half-done check
  function show(shown) {
    progress.hidden = true;
    result.textContent = '';
    result.setAttribute('data-verdict', shown.verdict);
    result.hidden = false;
    if (shown.message) {
      var p = document.createElement('p');
      p.className = 'message';
      p.textContent = shown.message;
      result.appendChild(p);
    }
    var c = shown.credential;
    if (!c) return;
    if (typeof c.photo === 'string' && /^data:image\\//.test(c.photo)) {
      var img = document.createElement('img');
      img.className = 'photo';
      img.src = c.photo;
      img.alt = 'Фото: ' + (c.fullName || '');
      result.appendChild(img);
    }
    var flat = Object.assign({}, c, c.contacts || {});
    var dl = document.createElement('dl');
    LABELS.forEach(function (pair) {
      var v = flat[pair[0]];
      if (typeof v !== 'string' || !v) return;
      var dt = document.createElement('dt');
      dt.textContent = pair[1];
      var dd = document.createElement('dd');
      dd.textContent = pair[0] === 'state' ? (STATES[v] || v) : v;
      dd.setAttribute('data-field', pair[0]);
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
    result.appendChild(dl);
  }

  function verify(body) {
    if (busy) return;
    busy = true;
    result.hidden = true;
    result.removeAttribute('data-verdict');
    result.textContent = '';
    progress.hidden = false;
    fetch('api/verifications', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (res) { return res.json().then(function (j) { return { ok: res.ok, j: j }; }); })
      .then(function (r) {
        if (r.ok && r.j.shown) show(r.j.shown);
        else show({ verdict: 'error', message: (r.j && r.j.message) || 'Перевірку не виконано, посвідчення не приймати' });
      })
      .catch(function () { show({ verdict: 'error', message: 'Немає зв’язку з системою перевірки — посвідчення не приймати' }); })
      .then(function () { busy = false; });
  }

  document.getElementById('form').addEventListener('submit', function (e) {
    e.preventDefault();
    verify({ code: document.getElementById('code').value });
  });

  var camera = document.getElementById('camera');
  var video = document.getElementById('video');
  var canvas = document.getElementById('frame');
  var stream = null;

  function stopCamera() {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    camera.className = '';
  }
  document.getElementById('stop').addEventListener('click', stopCamera);

  function tick() {
    if (!stream) return;
    if (video.readyState >= 2 && video.videoWidth) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      var ctx = canvas.getContext('2d', { willReadFrequently: true });
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      var img = ctx.getImageData(0, 0, canvas.width, canvas.height);
      var code = window.jsQR(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' });
      if (code && code.data) {
        stopCamera();
        verify({ qrCode: code.data });
        return;
      }
    }
    requestAnimationFrame(tick);
  }

  document.getElementById('scan').addEventListener('click', function () {
    if (!scanEnabled || stream) return;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      show({ verdict: 'error', message: 'Камера недоступна в цьому браузері — введіть цифровий код' });
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      .then(function (s) {
        stream = s;
        camera.className = 'on';
        video.srcObject = s;
        return video.play();
      })
      .then(function () { requestAnimationFrame(tick); })
      .catch(function () {
        stopCamera();
        show({ verdict: 'error', message: 'Не вдалося відкрити камеру — введіть цифровий код' });
      });
  });
})();
</script>
</body>
</html>
`;
}
