"use strict";
// The operator dashboard. Everything is drawn here with the DOM and SVG; no third-party code, no inline script.
(() => {
  const SVG = "http://www.w3.org/2000/svg";
  const LANES = [
    { id: "caller", title: "Graph / caller" },
    { id: "callback", title: "Bot callback" },
    { id: "handler", title: "Handler" },
    { id: "graph", title: "Graph API" },
    { id: "media", title: "Media" },
  ];
  const calls = new Map();
  let selected = null;
  let timeline = new Map();
  let historyToken = null;
  let historyTimer = null;

  const $ = (id) => document.getElementById(id);

  function el(name, attributes, text) {
    const node = document.createElement(name);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value !== undefined && value !== null) node.setAttribute(key, value);
    }
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function svg(name, attributes, text) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, String(value));
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  async function getJson(url) {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (response.status === 401) {
      window.location.assign("/dashboard/signin");
      throw new Error("signed out");
    }
    if (!response.ok) {
      let detail = `${response.status}`;
      try {
        const problem = await response.json();
        detail = problem.errors ? Object.values(problem.errors).flat().join(" ") : (problem.detail || problem.title || detail);
      } catch { /* not JSON */ }
      throw new Error(detail);
    }
    return response.json();
  }

  const time = (iso) => (iso ? new Date(iso).toLocaleTimeString() : "");
  const shortId = (id) => (id.length > 13 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id);

  function duration(fromIso, toIso) {
    if (!fromIso) return "";
    const seconds = Math.max(0, Math.round(((toIso ? new Date(toIso) : new Date()) - new Date(fromIso)) / 1000));
    const m = Math.floor(seconds / 60);
    return m > 0 ? `${m} min ${seconds % 60} s` : `${seconds} s`;
  }

  // ---- live calls -------------------------------------------------------------------------------------------
  function renderCalls() {
    const body = $("calls-table").tBodies[0];
    const rows = [...calls.values()].sort((a, b) => (a.firstSeen < b.firstSeen ? 1 : -1));
    body.replaceChildren(...rows.map((call) => {
      const row = el("tr", { "data-call-id": call.callId, class: `${call.endedAt ? "ended" : "live"}${call.callId === selected ? " selected" : ""}` });
      row.append(
        el("td", { class: "mono", title: call.callId }, shortId(call.callId)),
        el("td", null, call.direction || ""),
        el("td", { class: "state" }, call.state || ""),
        el("td", null, call.handler || ""),
        el("td", null, time(call.firstSeen)),
        el("td", { class: "duration" }, duration(call.firstSeen, call.endedAt)),
        el("td", null, String(call.events + (call.droppedEvents || 0))));
      row.addEventListener("click", () => select(call.callId));
      return row;
    }));
    $("calls-count").textContent = String(rows.filter((c) => !c.endedAt).length);
    $("calls-empty").hidden = rows.length > 0;
  }

  function upsert(call) {
    const previous = calls.get(call.callId);
    // Summaries can arrive out of order (the bot's spans stop on many threads): an older one never replaces a newer.
    if (previous && previous.revision > call.revision) return;
    calls.set(call.callId, call);
    if (!previous || (call.endedAt && !previous.endedAt) || (call.state !== previous.state)) {
      scheduleCharts();
    }
    if (call.endedAt && (!previous || !previous.endedAt)) {
      scheduleHistory();
    }
    if (!selected && !call.endedAt) {
      select(call.callId);
    }
  }

  // ---- timeline ---------------------------------------------------------------------------------------------
  async function select(callId) {
    selected = callId;
    timeline = new Map();
    $("timeline-call").textContent = callId;
    $("timeline-hint").hidden = true;
    renderCalls();
    try {
      const data = await getJson(`/dashboard/api/calls/${encodeURIComponent(callId)}/timeline`);
      if (selected !== callId) return;
      for (const entry of data.entries) timeline.set(entry.sequence, entry);
      renderTimeline();
    } catch (e) {
      $("timeline-hint").textContent = `The timeline could not be loaded: ${e.message}`;
      $("timeline-hint").hidden = false;
    }
  }

  function renderTimeline() {
    const entries = [...timeline.values()].sort((a, b) => (a.at === b.at ? a.sequence - b.sequence : (a.at < b.at ? -1 : 1)));
    const left = 64;
    const laneWidth = 128;
    const top = 34;
    const rowHeight = 30;
    const width = left + laneWidth * LANES.length;
    const height = top + rowHeight * Math.max(entries.length, 1) + 10;
    const x = (lane) => left + laneWidth * Math.max(0, LANES.findIndex((l) => l.id === lane)) + laneWidth / 2;
    const root = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Sequence diagram of the call" });
    LANES.forEach((lane) => {
      root.append(svg("text", { x: x(lane.id), y: 14, "text-anchor": "middle", class: "lane-title" }, lane.title));
      root.append(svg("line", { x1: x(lane.id), y1: 22, x2: x(lane.id), y2: height, class: "lifeline" }));
    });
    const start = entries.length ? new Date(entries[0].at) : null;
    entries.forEach((entry, index) => {
      const y = top + rowHeight * index + 18;
      const group = svg("g", { class: `entry kind-${entry.kind}${entry.failed ? " failed" : ""}`, "data-kind": entry.kind, "data-label": entry.label });
      const offset = ((new Date(entry.at) - start) / 1000).toFixed(3);
      group.append(svg("text", { x: 4, y, class: "time" }, `+${offset} s`));
      const x1 = x(entry.from);
      const x2 = x(entry.to);
      const label = `${entry.label}${entry.error ? ` (${entry.error})` : ""} · ${Math.round(entry.durationMs)} ms`;
      if (x1 === x2) {
        group.append(svg("path", { d: `M ${x1} ${y - 8} h 24 v 10 h -20`, class: "arrow" }));
        group.append(svg("path", { d: `M ${x1 + 2} ${y + 2} l 6 -4 v 8 z`, class: "arrow-head" }));
        group.append(svg("text", { x: x1 + 30, y: y - 1, class: "label" }, label));
      } else {
        const direction = x2 > x1 ? 1 : -1;
        group.append(svg("line", { x1, y1: y, x2: x2 - direction * 6, y2: y, class: "arrow" }));
        group.append(svg("path", { d: `M ${x2} ${y} l ${-direction * 8} -4 v 8 z`, class: "arrow-head" }));
        group.append(svg("text", { x: (x1 + x2) / 2, y: y - 5, "text-anchor": "middle", class: "label" }, label));
      }
      const title = svg("title", null, `${entry.kind}: ${label} at ${new Date(entry.at).toLocaleTimeString()}`);
      group.append(title);
      root.append(group);
    });
    $("timeline-diagram").replaceChildren(root);
  }

  // ---- live stream ------------------------------------------------------------------------------------------
  function setStatus(state, text) {
    const status = $("live-status");
    status.dataset.state = state;
    status.className = `status status-${state}`;
    status.textContent = text;
  }

  function applySnapshot(data) {
    calls.clear();
    for (const call of data.calls) calls.set(call.callId, call);
    renderCalls();
    if (selected && calls.has(selected)) {
      select(selected);
    } else if (!selected) {
      const live = data.calls.find((c) => !c.endedAt);
      if (live) select(live.callId);
    }
  }

  function connect() {
    const source = new EventSource("/dashboard/events");
    source.addEventListener("open", () => setStatus("live", "live"));
    source.addEventListener("snapshot", (e) => applySnapshot(JSON.parse(e.data)));
    source.addEventListener("resync", (e) => applySnapshot(JSON.parse(e.data)));
    source.addEventListener("call", (e) => {
      const data = JSON.parse(e.data);
      upsert(data.call);
      if (data.entry && data.call.callId === selected) {
        timeline.set(data.entry.sequence, data.entry);
        renderTimeline();
      }
      renderCalls();
    });
    source.addEventListener("removed", (e) => {
      const data = JSON.parse(e.data);
      calls.delete(data.callId);
      renderCalls();
    });
    source.addEventListener("shutdown", () => setStatus("broken", "bot stopping"));
    source.addEventListener("error", () => {
      setStatus("connecting", "reconnecting…");
      fetch("/dashboard/api/session", { credentials: "same-origin" }).then((r) => {
        if (r.status === 401) window.location.assign("/dashboard/signin");
      }).catch(() => setStatus("broken", "bot unreachable"));
    });
  }

  // ---- charts -----------------------------------------------------------------------------------------------
  function chart(id, points, series, options) {
    const width = 300;
    const height = 120;
    const pad = { left: 30, right: 6, top: 8, bottom: 16 };
    const values = series.flatMap((s) => points.map(s.value)).filter((v) => v !== null && v !== undefined);
    const max = Math.max(options.minMax || 1, ...values);
    const plotW = width - pad.left - pad.right;
    const plotH = height - pad.top - pad.bottom;
    const step = plotW / Math.max(points.length, 1);
    const y = (v) => pad.top + plotH - (v / max) * plotH;
    const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: "none", role: "img", "aria-label": options.label });
    root.append(svg("line", { x1: pad.left, y1: pad.top + plotH, x2: width - pad.right, y2: pad.top + plotH, class: "axis" }));
    root.append(svg("line", { x1: pad.left, y1: pad.top, x2: pad.left, y2: pad.top + plotH, class: "axis" }));
    root.append(svg("text", { x: pad.left - 4, y: pad.top + 8, "text-anchor": "end" }, options.format ? options.format(max) : String(max)));
    root.append(svg("text", { x: pad.left - 4, y: pad.top + plotH, "text-anchor": "end" }, "0"));
    if (points.length) {
      root.append(svg("text", { x: pad.left, y: height - 3 }, time(points[0].minute)));
      root.append(svg("text", { x: width - pad.right, y: height - 3, "text-anchor": "end" }, "now"));
    }
    for (const s of series) {
      if (s.kind === "bar") {
        points.forEach((p, i) => {
          const v = s.value(p) || 0;
          if (v > 0) root.append(svg("rect", { x: pad.left + i * step + 1, y: y(v), width: Math.max(step - 2, 1), height: pad.top + plotH - y(v), class: "bar" }, null));
        });
      } else {
        let d = "";
        points.forEach((p, i) => {
          const v = s.value(p);
          if (v === null || v === undefined) return;
          d += `${d ? " L" : "M"} ${(pad.left + i * step + step / 2).toFixed(1)} ${y(v).toFixed(1)}`;
        });
        if (d) root.append(svg("path", { d, class: `line ${s.className || ""}` }));
        points.forEach((p, i) => {
          const v = s.value(p);
          if (v !== null && v !== undefined && (v > 0 || s.zeroDots)) {
            root.append(svg("circle", { cx: (pad.left + i * step + step / 2).toFixed(1), cy: y(v).toFixed(1), r: 2, class: `dot ${s.className || ""}` }));
          }
        });
      }
    }
    $(id).replaceChildren(root);
  }

  async function loadCharts() {
    try {
      const data = await getJson("/dashboard/api/metrics");
      $("chart-minutes").textContent = String(data.minutes);
      const p = data.points;
      chart("chart-calls", p, [{ kind: "bar", value: (x) => x.calls }], { label: "Calls per minute" });
      chart("chart-active", p, [{ kind: "line", value: (x) => x.active }], { label: "Active calls" });
      chart("chart-latency", p, [
        { kind: "line", value: (x) => x.answerLatencyAvg },
        { kind: "line", value: (x) => x.answerLatencyMax, className: "max" },
      ], { label: "Answer latency", minMax: 0.5, format: (v) => v.toFixed(1) });
      chart("chart-lateness", p, [{ kind: "line", value: (x) => (x.framesSent > 0 ? (100 * x.lateFrames) / x.framesSent : null) }], { label: "Late media frames", minMax: 1, format: (v) => `${v.toFixed(0)}%` });
    } catch (e) {
      $("chart-calls").textContent = `Charts unavailable: ${e.message}`;
    }
  }

  let chartsTimer = null;
  function scheduleCharts() {
    if (chartsTimer) return;
    chartsTimer = setTimeout(() => { chartsTimer = null; loadCharts(); }, 1000);
  }

  // ---- history ----------------------------------------------------------------------------------------------
  function historyQuery() {
    const form = new FormData($("history-form"));
    const query = new URLSearchParams({ pageSize: "20" });
    for (const [key, value] of form.entries()) {
      if (!value) continue;
      query.set(key, key === "from" || key === "to" ? new Date(value).toISOString() : value);
    }
    return query;
  }

  function party(p) {
    return p ? (p.displayName ? `${p.displayName} (${p.id})` : p.id) : "";
  }

  async function loadHistory(append) {
    const query = historyQuery();
    if (append && historyToken) query.set("continuationToken", historyToken);
    $("history-error").hidden = true;
    try {
      const page = await getJson(`/api/v1/history?${query}`);
      const body = $("history-table").tBodies[0];
      const rows = page.calls.map((c) => {
        const row = el("tr", { "data-call-id": c.callId });
        row.append(
          el("td", null, new Date(c.startedAt).toLocaleString()),
          el("td", { class: "mono", title: c.callId }, shortId(c.callId)),
          el("td", null, c.direction),
          el("td", { class: "outcome" }, c.outcome),
          el("td", null, party(c.caller)),
          el("td", null, duration(c.answeredAt || c.startedAt, c.endedAt)),
          el("td", null, c.terminationCode !== undefined && c.terminationCode !== null ? `${c.terminationCode}/${c.terminationSubcode ?? 0}` : ""),
          el("td", null, c.handler || ""));
        row.addEventListener("click", () => { if (calls.has(c.callId)) select(c.callId); });
        return row;
      });
      if (append) body.append(...rows); else body.replaceChildren(...rows);
      historyToken = page.continuationToken || null;
      $("history-more").hidden = !historyToken;
    } catch (e) {
      $("history-error").textContent = `History search failed: ${e.message}`;
      $("history-error").hidden = false;
    }
  }

  // A call's record is written in the background once it ended: look again shortly after, then once more.
  function scheduleHistory() {
    clearTimeout(historyTimer);
    historyTimer = setTimeout(() => {
      loadHistory(false);
      historyTimer = setTimeout(() => loadHistory(false), 2000);
    }, 300);
  }

  // ---- health -----------------------------------------------------------------------------------------------
  async function loadHealth() {
    try {
      const report = await getJson("/dashboard/api/health");
      const badge = $("health-status");
      badge.textContent = report.status;
      badge.className = `badge ${report.status}`;
      $("health-list").replaceChildren(...report.checks.map((c) => {
        const item = el("li", { "data-check": c.name });
        item.append(el("strong", { class: c.status }, `${c.status} `), el("span", null, c.name));
        if (c.description) item.append(el("span", { class: "hint" }, ` — ${c.description}`));
        return item;
      }));
    } catch (e) {
      $("health-status").textContent = `unavailable: ${e.message}`;
    }
  }

  // ---- start ------------------------------------------------------------------------------------------------
  $("history-form").addEventListener("submit", (e) => { e.preventDefault(); loadHistory(false); });
  $("history-more").addEventListener("click", () => loadHistory(true));
  $("signout-button").addEventListener("click", async () => {
    await fetch("/dashboard/signout", { method: "POST", credentials: "same-origin" });
    window.location.assign("/dashboard/signin");
  });
  getJson("/dashboard/api/session").then((s) => { $("session-name").textContent = s.name; }).catch(() => {});
  connect();
  loadCharts();
  loadHistory(false);
  loadHealth();
  setInterval(loadCharts, 10000);
  setInterval(loadHealth, 15000);
  setInterval(() => {
    for (const row of $("calls-table").tBodies[0].rows) {
      const call = calls.get(row.dataset.callId);
      if (call && !call.endedAt) row.querySelector(".duration").textContent = duration(call.firstSeen, null);
    }
  }, 1000);
})();
