// The CallingBot emulator's softphone: rings a bot through the control API, answers the bot's calls to callees with
// the "browser" behaviour, sends keys, manages participants and screen sharing, relays audio over a WebSocket
// (16 kHz mono 16-bit PCM, 20 ms per message, both ways) and shows the call's timeline live.
const $ = (id) => document.getElementById(id);
const state = {
  callId: null,
  me: null,
  expected: null,
  snapshot: null,
  lastSequence: 0,
  pending: new Set(),
  rendered: new Map(),
  promptsSeen: new Set(),
  promptQueue: Promise.resolve(),
  audio: null,
  audioTried: false,
  context: null,
  micEnabled: true,
  framesSent: 0,
  framesReceived: 0,
  peak: 0,
  levelDecay: 0,
};

async function api(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!response.ok) {
    const message = data && data.error && data.error.message ? data.error.message : `${method} ${path} answered ${response.status}`;
    throw new Error(message);
  }
  return data;
}

function showError(error) {
  const box = $('error');
  box.textContent = error instanceof Error ? error.message : String(error);
  box.hidden = false;
}

function clearError() {
  $('error').hidden = true;
}

function run(action) {
  return async (event) => {
    clearError();
    try {
      await action(event);
    } catch (error) {
      showError(error);
    }
  };
}

function setText(id, text) {
  $(id).textContent = text;
}

function option(value, label) {
  const element = document.createElement('option');
  element.value = value;
  element.textContent = label;
  return element;
}

async function loadDirectory() {
  const [info, apps, directory] = await Promise.all([api('GET', '/emulator'), api('GET', '/emulator/applications'), api('GET', '/emulator/directory')]);
  setText('status', `Emulator at ${location.host} · tenant ${info.defaultTenantId}`);
  const select = $('app');
  select.replaceChildren(...apps.map((app) => option(app.appId, app.displayName ? `${app.displayName} (${app.appId})` : app.appId)));
  if (apps.length === 0) {
    select.append(option('', 'No bot is registered'));
  }
  $('users').replaceChildren(...directory.users.map((user) => option(user.id, user.displayName || user.id)));
  $('numbers').replaceChildren(...directory.pstnNumbers.map((number) => option(number.number, number.displayName || number.number)));
}

function fromKind() {
  return $('from-kind-phone').checked ? 'phone' : 'user';
}

function updateFromRows() {
  const phone = fromKind() === 'phone';
  $('from-phone-row').hidden = !phone;
  $('from-user-row').hidden = phone;
  $('from-name-row').hidden = phone;
}

async function ensureContext() {
  if (!state.context) {
    state.context = new AudioContext();
    await state.context.audioWorklet.addModule('audio-worklet.js');
  }
  if (state.context.state === 'suspended') {
    await state.context.resume();
  }
  return state.context;
}

async function placeCall() {
  const appId = $('app').value;
  if (!appId) {
    throw new Error('Choose a bot to call.');
  }
  const request = { appId };
  if (fromKind() === 'phone') {
    request.fromPhoneNumber = $('from-phone').value.trim();
    if (!request.fromPhoneNumber) {
      throw new Error('Enter the phone number to call from (E.164, e.g. +14255550123).');
    }
    state.expected = request.fromPhoneNumber;
  } else {
    request.fromUserId = $('from-user').value.trim() || crypto.randomUUID();
    request.fromDisplayName = $('from-name').value.trim() || null;
    state.expected = request.fromUserId;
  }
  await ensureContext();
  const call = await api('POST', '/emulator/calls', request);
  openCall(call, null);
}

function openCall(snapshot, me) {
  stopAudio();
  state.callId = snapshot.id;
  state.me = me;
  state.lastSequence = 0;
  state.pending.clear();
  state.rendered.clear();
  state.promptsSeen.clear();
  state.audioTried = false;
  state.framesSent = 0;
  state.framesReceived = 0;
  state.peak = 0;
  $('timeline').replaceChildren();
  $('prompts').replaceChildren();
  $('prompt').hidden = true;
  $('call-panel').hidden = false;
  setText('call-id', snapshot.id);
  setText('audio-status', '');
  renderCall(snapshot);
}

async function ringHere() {
  const id = $('callee-id').value.trim();
  const displayName = $('callee-name').value.trim();
  if (!id) {
    throw new Error('Enter the user id or phone number the bot calls.');
  }
  const behavior = { response: 'browser' };
  if (id.startsWith('+')) {
    await api('POST', '/emulator/directory/pstnNumbers', { number: id, displayName: displayName || null, behavior });
  } else {
    await api('POST', '/emulator/directory/users', { id, displayName: displayName || id, behavior });
  }
  setText('ring-here-status', `Calls to ${id} ring here.`);
  await loadDirectory();
}

async function pollRinging() {
  const rings = await api('GET', '/emulator/ringing');
  const list = $('ringing');
  const known = new Set(rings.map((ring) => ring.ringId));
  for (const item of [...list.children]) {
    if (!known.has(item.dataset.ringId)) {
      item.remove();
    }
  }
  for (const ring of rings) {
    if (list.querySelector(`[data-ring-id="${CSS.escape(ring.ringId)}"]`)) {
      continue;
    }
    const item = document.createElement('li');
    item.dataset.ringId = ring.ringId;
    const text = document.createElement('span');
    const who = ring.displayName ? `${ring.displayName} (${ring.identityId})` : ring.identityId;
    const role = ring.role === 'invitee' ? 'invites' : ring.role === 'transferTarget' ? 'transfers a call to' : 'calls';
    text.textContent = `Bot ${ring.appId} ${role} ${who}`;
    const answer = document.createElement('button');
    answer.type = 'button';
    answer.className = 'answer';
    answer.textContent = 'Answer';
    answer.addEventListener('click', run(async () => {
      await ensureContext();
      const snapshot = await api('POST', `/emulator/ringing/${encodeURIComponent(ring.ringId)}/answer`);
      item.remove();
      state.expected = ring.identityId;
      openCall(snapshot, null);
    }));
    const decline = document.createElement('button');
    decline.type = 'button';
    decline.className = 'danger';
    decline.textContent = 'Decline';
    decline.addEventListener('click', run(async () => {
      await api('POST', `/emulator/ringing/${encodeURIComponent(ring.ringId)}/decline`);
      item.remove();
    }));
    item.append(text, answer, decline);
    list.append(item);
  }
}

function isAppHosted(snapshot) {
  return !!snapshot.mediaConfigType && snapshot.mediaConfigType.toLowerCase().startsWith('apphosted');
}

function renderCall(snapshot) {
  state.snapshot = snapshot;
  const ended = snapshot.state === 'terminated';
  if (!state.me || !snapshot.participants.some((p) => p.id === state.me)) {
    const mine = snapshot.participants.filter((p) => !p.isBot && p.identityId === state.expected);
    const fallback = snapshot.participants.find((p) => !p.isBot);
    const chosen = mine.length > 0 ? mine[mine.length - 1] : fallback;
    state.me = chosen ? chosen.id : null;
  }
  setText('call-state', ended && snapshot.resultCode ? `terminated (${snapshot.resultCode}/${snapshot.resultSubcode}: ${snapshot.resultMessage})` : snapshot.state);
  setText('call-media', isAppHosted(snapshot) ? 'app-hosted (audio relayed here)' : snapshot.mediaConfigType ? 'service-hosted (prompts played here)' : 'not answered yet');
  setText('me', state.me ? `participant ${state.me}` : 'not in the call yet');
  for (const button of document.querySelectorAll('#call-panel button')) {
    button.disabled = ended;
  }
  const body = $('participants').tBodies[0];
  body.replaceChildren();
  for (const participant of snapshot.participants) {
    const row = document.createElement('tr');
    row.dataset.participantId = participant.id;
    const cells = [participant.id, `${participant.displayName ?? participant.identityId}${participant.isBot ? ' (bot)' : ''}${participant.id === state.me ? ' (you)' : ''}`, participant.isSharingScreen ? 'yes' : 'no'];
    for (const value of cells) {
      const cell = document.createElement('td');
      cell.textContent = value;
      row.append(cell);
    }
    const actions = document.createElement('td');
    if (!participant.isBot && !ended) {
      const share = document.createElement('button');
      share.type = 'button';
      share.className = 'share';
      share.textContent = participant.isSharingScreen ? 'Stop sharing' : 'Share screen';
      share.addEventListener('click', run(async () => {
        const action = participant.isSharingScreen ? 'stop' : 'start';
        await api('POST', `/emulator/calls/${encodeURIComponent(state.callId)}/participants/${encodeURIComponent(participant.id)}/screenSharing/${action}`);
        await pollCall();
      }));
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'remove';
      remove.textContent = 'Remove';
      remove.addEventListener('click', run(async () => {
        await api('DELETE', `/emulator/calls/${encodeURIComponent(state.callId)}/participants/${encodeURIComponent(participant.id)}`);
        await pollCall();
      }));
      actions.append(share, remove);
    }
    row.append(actions);
    body.append(row);
  }
  if (ended) {
    stopAudio();
  } else if (snapshot.state === 'established' && isAppHosted(snapshot) && state.me && !state.audioTried) {
    // One audio connection per call: when it closes, the page says why and does not reconnect on its own.
    state.audioTried = true;
    startAudio().catch(showError);
  }
}

async function pollCall() {
  if (!state.callId) {
    return;
  }
  renderCall(await api('GET', `/emulator/calls/${encodeURIComponent(state.callId)}`));
}

function entryText(entry) {
  const time = new Date(entry.timestamp).toISOString().substring(11, 23);
  const parts = [time, entry.kind];
  if (entry.method) parts.push(entry.method);
  if (entry.path) parts.push(entry.path);
  if (entry.statusCode !== null && entry.statusCode !== undefined) parts.push(`→ ${entry.statusCode}`);
  if (entry.description) parts.push(`· ${entry.description}`);
  return parts.join(' ');
}

function pretty(text) {
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text; }
}

function renderEntry(entry) {
  let item = state.rendered.get(entry.sequence);
  const open = item ? item.querySelector('details').open : false;
  if (!item) {
    item = document.createElement('li');
    item.dataset.sequence = String(entry.sequence);
    state.rendered.set(entry.sequence, item);
    $('timeline').append(item);
  }
  item.className = `kind-${String(entry.kind).toLowerCase()}`;
  const details = document.createElement('details');
  details.open = open;
  const summary = document.createElement('summary');
  summary.textContent = entryText(entry);
  details.append(summary);
  for (const [label, text] of [['body', entry.body], ['response', entry.responseBody]]) {
    if (text) {
      const pre = document.createElement('pre');
      pre.dataset.part = label;
      pre.textContent = `${label}:\n${pretty(text)}`;
      details.append(pre);
    }
  }
  item.replaceChildren(details);
}

async function pollTimeline() {
  if (!state.callId) {
    return;
  }
  const callId = state.callId;
  const after = state.pending.size > 0 ? Math.min(...state.pending) - 1 : state.lastSequence;
  const entries = await api('GET', `/emulator/calls/${encodeURIComponent(callId)}/timeline?after=${after}`);
  if (callId !== state.callId) {
    return;
  }
  for (const entry of entries) {
    renderEntry(entry);
    state.lastSequence = Math.max(state.lastSequence, entry.sequence);
    if (entry.kind === 'notification' && !entry.completedAt) {
      state.pending.add(entry.sequence);
    } else {
      state.pending.delete(entry.sequence);
    }
    if (entry.kind === 'request' && entry.path && /\/(playPrompt|recordResponse|record)$/i.test(entry.path)
        && entry.statusCode >= 200 && entry.statusCode < 300 && !state.promptsSeen.has(entry.sequence)) {
      state.promptsSeen.add(entry.sequence);
      queuePrompts(callId, entry);
    }
  }
}

function queuePrompts(callId, entry) {
  let prompts = [];
  try { prompts = JSON.parse(entry.body).prompts || []; } catch { prompts = []; }
  prompts.forEach((prompt, index) => {
    const uri = prompt && prompt.mediaInfo ? prompt.mediaInfo.uri : null;
    const name = uri ? decodeURIComponent(uri.split(/[?#]/)[0].split('/').pop() || uri) : `prompt ${index + 1}`;
    const item = document.createElement('li');
    item.textContent = name;
    item.title = uri || '';
    $('prompts').append(item);
    state.promptQueue = state.promptQueue.then(() => playPrompt(callId, entry.sequence, index, name, item)).catch(showError);
  });
}

async function playPrompt(callId, sequence, index, name, item) {
  const box = $('prompt');
  box.hidden = false;
  box.textContent = `Playing prompt: ${name}`;
  const base = `/emulator/softphone/calls/${encodeURIComponent(callId)}/prompts/${sequence}/${index}`;
  const info = await api('GET', base);
  const context = await ensureContext();
  if (info.playable) {
    const response = await fetch(`${base}/audio`);
    const buffer = await context.decodeAudioData(await response.arrayBuffer());
    item.textContent = `${name} (played)`;
    await playBuffer(context, buffer);
  } else {
    item.textContent = `${name} (tone: ${info.reason})`;
    await playTone(context);
  }
  box.textContent = `Last prompt: ${name}`;
}

function playBuffer(context, buffer) {
  return new Promise((resolve) => {
    const source = context.createBufferSource();
    source.buffer = buffer;
    source.connect(context.destination);
    source.onended = () => resolve();
    source.start();
  });
}

function playTone(context) {
  return new Promise((resolve) => {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.frequency.value = 660;
    gain.gain.value = 0.1;
    oscillator.connect(gain).connect(context.destination);
    oscillator.onended = () => resolve();
    oscillator.start();
    oscillator.stop(context.currentTime + 0.4);
  });
}

async function startAudio() {
  const callId = state.callId;
  const participantId = state.me;
  const context = await ensureContext();
  const audio = { callId, closed: false };
  state.audio = audio;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${scheme}://${location.host}/emulator/softphone/calls/${encodeURIComponent(callId)}/audio?participantId=${encodeURIComponent(participantId)}`);
  socket.binaryType = 'arraybuffer';
  audio.socket = socket;
  const playback = new AudioWorkletNode(context, 'playback-16k', { numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [1] });
  playback.connect(context.destination);
  audio.playback = playback;
  socket.onmessage = (event) => {
    if (!(event.data instanceof ArrayBuffer)) {
      return;
    }
    const samples = new Int16Array(event.data);
    let peak = 0;
    for (let i = 0; i < samples.length; i++) {
      const value = Math.abs(samples[i]) / 0x8000;
      if (value > peak) peak = value;
    }
    state.framesReceived++;
    state.peak = Math.max(state.peak, peak);
    state.levelDecay = Math.max(peak, state.levelDecay * 0.9);
    playback.port.postMessage(event.data, [event.data]);
  };
  socket.onclose = (event) => {
    audio.closed = true;
    setText('audio-status', event.reason ? `Audio closed: ${event.reason}` : 'Audio closed.');
    if (state.audio === audio) {
      stopAudio();
    }
  };
  socket.onopen = async () => {
    setText('audio-status', 'Audio connected: speak into the microphone.');
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: false, autoGainControl: false } });
      if (audio.closed) {
        stream.getTracks().forEach((track) => track.stop());
        return;
      }
      audio.stream = stream;
      const source = context.createMediaStreamSource(stream);
      const capture = new AudioWorkletNode(context, 'capture-16k', { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1] });
      const silent = context.createGain();
      silent.gain.value = 0;
      source.connect(capture).connect(silent).connect(context.destination);
      capture.port.postMessage({ enabled: state.micEnabled });
      capture.port.onmessage = (event) => {
        if (socket.readyState === WebSocket.OPEN) {
          socket.send(event.data);
          state.framesSent++;
        }
      };
      audio.capture = capture;
      audio.source = source;
    } catch (error) {
      setText('audio-status', `Microphone unavailable (${error.message}); you can still hear the bot.`);
    }
  };
}

function stopAudio() {
  const audio = state.audio;
  if (!audio) {
    return;
  }
  state.audio = null;
  audio.closed = true;
  if (audio.socket && audio.socket.readyState <= WebSocket.OPEN) {
    audio.socket.close(1000, 'The page left the call.');
  }
  if (audio.stream) audio.stream.getTracks().forEach((track) => track.stop());
  if (audio.source) audio.source.disconnect();
  if (audio.capture) audio.capture.disconnect();
  if (audio.playback) audio.playback.disconnect();
}

function toggleMic() {
  state.micEnabled = !state.micEnabled;
  const button = $('mic');
  button.setAttribute('aria-pressed', String(state.micEnabled));
  button.textContent = state.micEnabled ? 'Microphone on' : 'Microphone off';
  if (state.audio && state.audio.capture) {
    state.audio.capture.port.postMessage({ enabled: state.micEnabled });
  }
}

function renderStats() {
  setText('frames-sent', String(state.framesSent));
  setText('frames-received', String(state.framesReceived));
  setText('peak', state.peak.toFixed(3));
  $('level').value = state.levelDecay;
  state.levelDecay *= 0.8;
}

function every(milliseconds, action) {
  let busy = false;
  setInterval(async () => {
    if (busy) return;
    busy = true;
    try {
      await action();
    } catch (error) {
      showError(error);
    } finally {
      busy = false;
    }
  }, milliseconds);
}

function wire() {
  $('from-kind-user').addEventListener('change', updateFromRows);
  $('from-kind-phone').addEventListener('change', updateFromRows);
  $('call').addEventListener('click', run(placeCall));
  $('ring-here').addEventListener('click', run(ringHere));
  $('mic').addEventListener('click', toggleMic);
  $('hang-up').addEventListener('click', run(async () => {
    await api('POST', `/emulator/calls/${encodeURIComponent(state.callId)}/hangUp`);
    await pollCall();
  }));
  $('join').addEventListener('click', run(async () => {
    const userId = $('join-user').value.trim();
    if (!userId) {
      throw new Error('Enter the user id of the participant to add.');
    }
    await api('POST', `/emulator/calls/${encodeURIComponent(state.callId)}/participants`, { userId, displayName: $('join-name').value.trim() || null });
    $('join-user').value = '';
    await pollCall();
  }));
  for (const key of document.querySelectorAll('#keypad button')) {
    key.addEventListener('click', run(async () => {
      await api('POST', `/emulator/calls/${encodeURIComponent(state.callId)}/keys`, { keys: key.dataset.key, participantId: state.me });
    }));
  }
  updateFromRows();
}

wire();
loadDirectory().catch(showError);
every(1000, pollRinging);
every(500, pollCall);
every(700, pollTimeline);
setInterval(renderStats, 200);
