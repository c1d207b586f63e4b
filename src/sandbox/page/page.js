// The sandbox page. Everything the bot or a member wrote is escaped before it reaches the DOM;
// the WeCom markdown subset is applied to the escaped text only.
(function () {
  'use strict'
  const L = window.SANDBOX.labels
  const $ = (id) => document.getElementById(id)
  const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
  const esc = (s) => String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ESC[c])
  const COLORS = ['#2b6cd4', '#34a853', '#f0712c', '#9b59b6', '#16a085', '#d35400', '#c0392b', '#2c3e50']

  const state = { people: [], groups: [], as: '', convo: '', names: {}, admins: {}, messages: [], unread: {}, botName: window.SANDBOX.botName, tz: 'Asia/Shanghai', clockBase: 0, clockAt: 0, choices: {} }

  async function api(path, body) {
    const res = await fetch('/sandbox/api/' + path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const data = await res.json().catch(() => ({}))
    if (!res.ok) throw new Error(data.error || 'HTTP ' + res.status)
    return data
  }

  // ——— markdown (WECOM.md §4.1 v1: headings, bold, links, code, quotes, font colors, <@userid>;
  //      v2 / stream: also lists, tables, code blocks, rules, images, italics) ———
  function inline(text, flavor) {
    const codes = []
    let s = esc(text).replace(/`([^`\n]+)`/g, (_, c) => { codes.push(c); return '\u0000' + (codes.length - 1) + '\u0000' })
    if (flavor !== 'v1') s = s.replace(/!\[([^\]]*)\]\((https?:\/\/[^)\s]+)\)/g, (_, alt, url) => '<img src="' + url + '" alt="' + alt + '">')
    s = s.replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, (_, t, url) => '<a href="' + url + '" target="_blank" rel="noopener noreferrer">' + t + '</a>')
    s = s.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    if (flavor !== 'v1') s = s.replace(/(^|[^*])\*([^*\n]+)\*/g, '$1<em>$2</em>')
    if (flavor !== 'v2') {
      s = s.replace(/&lt;font color=(?:&quot;|&#39;)(info|comment|warning)(?:&quot;|&#39;)&gt;([\s\S]*?)&lt;\/font&gt;/g, '<span class="c-$1">$2</span>')
      s = mentions(s)
    }
    return s.replace(/\u0000(\d+)\u0000/g, (_, i) => '<code>' + codes[Number(i)] + '</code>')
  }
  function mentions(escaped) {
    return escaped.replace(/&lt;@([\w.@-]+)&gt;/g, (_, id) => '<span class="mention">@' + esc(state.names[id] || id) + '</span>')
  }
  function markdown(src, flavor) {
    const rich = flavor !== 'v1'
    let text = String(src)
    const out = []
    if (flavor === 'stream') {
      text = text.replace(/<think>([\s\S]*?)(<\/think>|$)/g, (_, t) => '\u0001' + t.replace(/\n/g, '\u0002') + '\u0001')
    }
    const lines = text.split('\n')
    let para = []
    const flush = () => { if (para.length) { out.push('<p>' + para.map((l) => inline(l, flavor)).join('<br>') + '</p>'); para = [] } }
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]
      let m
      if (line.startsWith('\u0001')) { flush(); out.push('<details><summary>' + esc(L.think) + '</summary>' + esc(line.replace(/\u0001/g, '').replace(/\u0002/g, '\n')) + '</details>'); continue }
      if (rich && line.startsWith('```')) {
        flush(); const code = []
        for (i++; i < lines.length && !lines[i].startsWith('```'); i++) code.push(lines[i])
        out.push('<pre><code>' + esc(code.join('\n')) + '</code></pre>'); continue
      }
      if ((m = /^(#{1,6}) (.*)$/.exec(line))) { flush(); out.push('<h' + m[1].length + '>' + inline(m[2], flavor) + '</h' + m[1].length + '>'); continue }
      if ((m = /^(>+) ?(.*)$/.exec(line))) {
        flush(); const depth = rich ? m[1].length : 1
        out.push('<blockquote>'.repeat(depth) + inline(m[2], flavor) + '</blockquote>'.repeat(depth)); continue
      }
      if (rich && /^\s*(-{3,}|\*{3,})\s*$/.test(line)) { flush(); out.push('<hr>'); continue }
      if (rich && /^\s*\|.*\|\s*$/.test(line) && /^\s*\|[\s:|-]+\|\s*$/.test(lines[i + 1] || '')) {
        flush(); const cells = (l) => l.trim().replace(/^\||\|$/g, '').split('|').map((c) => inline(c.trim(), flavor))
        let html = '<table><tr>' + cells(line).map((c) => '<th>' + c + '</th>').join('') + '</tr>'
        for (i += 2; i < lines.length && /^\s*\|.*\|\s*$/.test(lines[i]); i++) html += '<tr>' + cells(lines[i]).map((c) => '<td>' + c + '</td>').join('') + '</tr>'
        i--; out.push(html + '</table>'); continue
      }
      if (rich && (m = /^(\s*)([-*+]|\d+\.) (.*)$/.exec(line))) {
        flush(); const ordered = /\d/.test(m[2]); const items = []
        for (; i < lines.length && (m = /^(\s*)([-*+]|\d+\.) (.*)$/.exec(lines[i])); i++) items.push('<li style="margin-left:' + Math.floor(m[1].length / 2) * 16 + 'px">' + inline(m[3], flavor) + '</li>')
        i--; out.push((ordered ? '<ol>' : '<ul>') + items.join('') + (ordered ? '</ol>' : '</ul>')); continue
      }
      if (line.trim() === '') { flush(); continue }
      para.push(line)
    }
    flush()
    return '<div class="md">' + out.join('') + '</div>'
  }

  // ——— template cards (WECOM.md §3.6) ———
  function card(m) {
    const c = m.body.card || {}
    const disabled = m.body.replacedWith !== undefined
    const parts = []
    if (c.source && (c.source.desc || c.source.icon_url)) parts.push('<div class="source">' + esc(c.source.desc || '') + '</div>')
    if (c.main_title) parts.push('<div class="title">' + esc(c.main_title.title || '') + '</div>' + (c.main_title.desc ? '<div class="desc">' + esc(c.main_title.desc) + '</div>' : ''))
    if (c.emphasis_content) parts.push('<div class="emph"><div class="big">' + esc(c.emphasis_content.title || '') + '</div><div class="desc">' + esc(c.emphasis_content.desc || '') + '</div></div>')
    if (c.quote_area && (c.quote_area.title || c.quote_area.quote_text)) parts.push('<div class="quote-area">' + (c.quote_area.title ? '<strong>' + esc(c.quote_area.title) + '</strong><br>' : '') + esc(c.quote_area.quote_text || '') + '</div>')
    if (c.sub_title_text) parts.push('<div class="subtitle">' + esc(c.sub_title_text) + '</div>')
    for (const v of c.vertical_content_list || []) parts.push('<div class="vlist"><div class="vt">' + esc(v.title) + '</div><div class="vd">' + esc(v.desc || '') + '</div></div>')
    for (const h of c.horizontal_content_list || []) {
      const value = h.type === 3 ? '<span class="mention">@' + esc(state.names[h.userid] || h.userid || '') + '</span>' : h.type === 1 && /^https?:\/\//.test(h.url || '') ? '<a href="' + esc(h.url) + '" target="_blank" rel="noopener noreferrer">' + esc(h.value || h.url) + '</a>' : esc(h.value || '')
      parts.push('<div class="kv"><span class="k">' + esc(h.keyname) + '</span><span class="v">' + value + '</span></div>')
    }
    const q = c.checkbox
    if (q && Array.isArray(q.option_list)) {
      const chosen = choicesFor(m.id, q.question_key, q.option_list.filter((o) => o.is_checked).map((o) => o.id))
      const off = disabled || q.disable
      parts.push('<div class="options" data-question="' + esc(q.question_key) + '">' + q.option_list.map((o) => {
        const on = chosen.includes(o.id)
        return '<label class="' + (on ? 'checked' : '') + '"><input type="' + (q.mode === 1 ? 'checkbox' : 'radio') + '" name="q' + m.id + '" data-msg="' + m.id + '" data-q="' + esc(q.question_key) + '" data-mode="' + (q.mode === 1 ? 1 : 0) + '" value="' + esc(o.id) + '"' + (on ? ' checked' : '') + (off ? ' disabled' : '') + '> ' + esc(o.text) + '</label>'
      }).join('') + '</div>')
    }
    const selects = c.select_list || (c.button_selection ? [c.button_selection] : [])
    for (const s of selects) {
      const current = choicesFor(m.id, s.question_key, s.selected_id ? [s.selected_id] : [])[0]
      parts.push('<div>' + esc(s.title || '') + '<select data-msg="' + m.id + '" data-q="' + esc(s.question_key) + '"' + (disabled || s.disable ? ' disabled' : '') + '>' +
        (s.option_list || []).map((o) => '<option value="' + esc(o.id) + '"' + (o.id === current ? ' selected' : '') + '>' + esc(o.text) + '</option>').join('') + '</select></div>')
    }
    if (c.jump_list && c.jump_list.length) parts.push('<div class="jumps">' + c.jump_list.map((j) => /^https?:\/\//.test(j.url || '') ? '<a href="' + esc(j.url) + '" target="_blank" rel="noopener noreferrer">' + esc(j.title) + '</a>' : '<span>' + esc(j.title) + '</span>').join('<br>') + '</div>')
    let buttons = ''
    if (disabled) buttons = '<button disabled>' + esc(m.body.replacedWith) + '</button>'
    else if (Array.isArray(c.button_list)) buttons = c.button_list.map((b) => '<button class="s' + (b.style || 1) + '" data-msg="' + m.id + '" data-key="' + esc(b.key) + '">' + esc(b.text) + '</button>').join('')
    else if (c.submit_button) buttons = '<button class="s1" data-msg="' + m.id + '" data-key="' + esc(c.submit_button.key) + '"' + (q && q.disable ? ' disabled' : '') + '>' + esc(c.submit_button.text || L.submit) + '</button>'
    const img = c.card_image && /^https?:\/\//.test(c.card_image.url || '') ? '<img class="card-img" src="' + esc(c.card_image.url) + '" alt="">' : ''
    return '<div class="card" data-testid="card" data-card-type="' + esc(c.card_type) + '">' + img + '<div class="inner">' + parts.join('') + '</div>' + (buttons ? '<div class="buttons">' + buttons + '</div>' : '') + '</div>'
  }
  function choicesFor(id, question, fallback) {
    const key = id + '|' + question
    return state.choices[key] || fallback
  }

  function body(m) {
    const b = m.body
    switch (b.type) {
      case 'text': {
        const extra = (b.mentions || []).filter((u) => u !== '@all' ? !b.content.includes('<@' + u + '>') : true).map((u) => u === '@all' ? L.everyone : '@' + (state.names[u] || u))
        return '<div class="bubble plain">' + mentions(esc(b.content)) + (extra.length ? ' <span class="mention">' + esc(extra.join(' ')) + '</span>' : '') + '</div>'
      }
      case 'markdown': return '<div class="bubble">' + markdown(b.content, b.flavor) + '</div>'
      case 'card': return card(m)
      case 'image': return '<a href="' + esc(m.mediaUrl) + '" target="_blank"><img class="img" src="' + esc(m.mediaUrl) + '" alt="' + esc(L.image) + '"></a>'
      case 'file': return '<div class="file">📄<div><div class="fname">' + esc(b.filename) + '</div><div class="fsize">' + size(b.size) + '</div></div><a href="' + esc(m.mediaUrl) + '" download="' + esc(b.filename) + '" data-testid="download">' + esc(L.download) + '</a></div>'
      case 'news': return '<div class="bubble news">' + b.articles.map((a) => /^https?:\/\//.test(a.url || '') ? '<a href="' + esc(a.url) + '" target="_blank" rel="noopener noreferrer"><strong>' + esc(a.title) + '</strong></a>' + esc(a.description || '') : '<strong>' + esc(a.title) + '</strong> ' + esc(a.description || '')).join('<hr>') + '</div>'
      case 'textcard': return '<div class="card"><div class="inner"><div class="title">' + esc(b.title) + '</div><div class="subtitle">' + esc(b.description.replace(/<[^>]*>/g, '')) + '</div>' + (/^https?:\/\//.test(b.url) ? '<a href="' + esc(b.url) + '" target="_blank" rel="noopener noreferrer">' + esc(b.btntxt || L.details) + '</a>' : '') + '</div></div>'
      default: return '<div class="bubble plain">' + esc(b.content || '') + '</div>'
    }
  }
  const size = (n) => n > 1048576 ? (n / 1048576).toFixed(1) + ' MB' : n > 1024 ? (n / 1024).toFixed(1) + ' KB' : n + ' B'
  function avatar(id, name) {
    let h = 0
    for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0
    return '<div class="avatar" style="background:' + (id === 'bot' ? '#2b6cd4' : COLORS[h % COLORS.length]) + '">' + esc((name || '?').slice(-1)) + '</div>'
  }
  function renderMessage(m) {
    if (m.sender === 'system') return '<div class="system" data-id="' + m.id + '">' + esc(m.body.content) + '</div>'
    const mine = m.sender === state.as
    const tag = m.channel === 'webhook' ? L.viaWebhook : m.channel === 'app' ? L.viaApp : ''
    return '<div class="msg' + (mine ? ' mine' : '') + '" data-id="' + m.id + '" data-sender="' + esc(m.sender) + '" data-testid="msg">' + avatar(m.sender, m.senderName) +
      '<div class="col"><div class="who">' + esc(m.senderName) + (state.admins[m.sender] ? '<span class="tag">' + esc(L.admin) + '</span>' : '') + (tag ? '<span class="tag">' + esc(tag) + '</span>' : '') + '</div>' +
      body(m) + (m.streaming ? '<div class="typing">' + esc(L.typing) + '</div>' : '') +
      (m.quote ? '<div class="quote">' + esc(m.quote.senderName + '：' + m.quote.preview) + '</div>' : '') + '</div></div>'
  }

  // ——— conversations ———
  const inGroup = (g) => g.members.includes(state.as)
  function renderConvos() {
    const items = state.groups.map((g) => ({ convo: g.convo, name: g.name, sub: L.members.replace('{count}', g.members.length), outside: !inGroup(g) }))
    items.push({ convo: 'user:' + state.as, name: L.private, sub: state.names[state.as] || state.as, outside: false })
    $('convos').innerHTML = items.map((c) => '<div class="convo' + (c.convo === state.convo ? ' active' : '') + (state.unread[c.convo] ? ' unread' : '') + (c.outside ? ' outside' : '') + '" data-convo="' + esc(c.convo) + '" data-testid="convo">' +
      avatar(c.convo, c.name.replace('党支部', '')) + '<div class="name">' + esc(c.name) + '<div class="sub">' + esc(c.sub) + '</div></div><span class="dot"></span></div>').join('')
    const g = state.groups.find((x) => x.convo === state.convo)
    $('chat-title').textContent = g ? g.name : L.private
    $('chat-sub').textContent = g ? L.members.replace('{count}', g.members.length) : state.names[state.as] || ''
    const blocked = g && !inGroup(g)
    $('composer').classList.toggle('disabled', Boolean(blocked))
    $('input').disabled = Boolean(blocked)
    $('send').disabled = Boolean(blocked)
    $('input').placeholder = blocked ? L.notInGroup : L.placeholder
  }
  async function loadMessages() {
    const convo = state.convo
    const data = await api('messages?as=' + encodeURIComponent(state.as) + '&convo=' + encodeURIComponent(convo))
    if (convo !== state.convo) return
    const box = $('messages')
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80
    state.messages = data.messages
    box.innerHTML = data.messages.length ? data.messages.map(renderMessage).join('') : '<div class="empty">' + esc(L.empty) + '</div>'
    if (atBottom) box.scrollTop = box.scrollHeight
  }
  function select(convo) {
    state.convo = convo
    state.unread[convo] = false
    localStorage.setItem('sandbox.convo', convo)
    renderConvos()
    void loadMessages().then(() => { $('messages').scrollTop = $('messages').scrollHeight })
  }
  function speakAs(userid) {
    state.as = userid
    localStorage.setItem('sandbox.as', userid)
    const g = state.groups.find((x) => x.convo === state.convo)
    if (state.convo.startsWith('user:')) state.convo = 'user:' + userid
    else if (g && !inGroup(g)) state.convo = (state.groups.find(inGroup) || g).convo
    select(state.convo)
  }

  // ——— actions ———
  async function send() {
    const text = $('input').value
    $('input').value = ''
    try { await api('send', { as: state.as, convo: state.convo, text }) } catch (e) { alert(e.message) }
  }
  async function click(button) {
    const id = Number(button.dataset.msg)
    const m = state.messages.find((x) => x.id === id)
    if (!m) return
    const c = m.body.card || {}
    const selected = []
    const questions = [].concat(c.checkbox ? [[c.checkbox.question_key, (c.checkbox.option_list || []).filter((o) => o.is_checked).map((o) => o.id)]] : [],
      (c.select_list || (c.button_selection ? [c.button_selection] : [])).map((s) => [s.question_key, s.selected_id ? [s.selected_id] : [((s.option_list || [])[0] || {}).id].filter(Boolean)]))
    for (const [q, fallback] of questions) selected.push({ question_key: q, option_ids: choicesFor(id, q, fallback) })
    button.disabled = true
    setTimeout(() => { button.disabled = false }, 1500)
    try { await api('click', { as: state.as, messageId: id, key: button.dataset.key, selected }) } catch (e) { alert(e.message) }
  }
  function choose(input) {
    const key = input.dataset.msg + '|' + input.dataset.q
    if (input.tagName === 'SELECT') state.choices[key] = [input.value]
    else if (input.dataset.mode === '1') state.choices[key] = [...document.querySelectorAll('input[name="q' + input.dataset.msg + '"]:checked')].map((x) => x.value)
    else state.choices[key] = [input.value]
    void loadMessages()
  }

  // ——— clock ———
  const fmt = () => new Intl.DateTimeFormat('zh-CN', { timeZone: state.tz, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })
  const fmtNow = (d) => fmt().format(d).replace(/(周.)/, ' $1 ')
  function setClock(iso) { state.clockBase = Date.parse(iso); state.clockAt = Date.now(); tick() }
  function tick() { $('clock-now').textContent = fmtNow(new Date(state.clockBase + Date.now() - state.clockAt)) }
  async function moveClock(action) { const r = await api('clock', { action }); setClock(r.now) }

  // ——— start ———
  async function start() {
    document.title = L.title
    $('title').textContent = L.title
    $('as-label').textContent = L.speakAs
    $('clock-label').textContent = L.botTime
    $('send').textContent = L.send
    $('reset').textContent = L.reset
    $('clock-buttons').innerHTML = ['mon08', 'mon09', 'thu19', 'sun20', 'plus1h', 'plus1d', 'now'].map((a) => '<button data-clock="' + a + '">' + esc(L[a]) + '</button>').join(' ')
    const s = await api('state')
    state.people = s.people; state.groups = s.groups; state.tz = s.timezone; state.botName = s.botName
    for (const p of s.people) { state.names[p.userid] = p.name; state.admins[p.userid] = p.admin }
    $('as-select').innerHTML = s.groups.map((g) => '<optgroup label="' + esc(g.name) + '">' + g.members.map((u) => '<option value="' + esc(u) + '">' + esc(state.names[u] || u) + (state.admins[u] ? '（' + esc(L.admin) + '）' : '') + '</option>').join('') + '</optgroup>').join('')
    const savedAs = localStorage.getItem('sandbox.as')
    state.as = s.people.some((p) => p.userid === savedAs) ? savedAs : s.defaultAs
    $('as-select').value = state.as
    const savedConvo = localStorage.getItem('sandbox.convo') || ''
    state.convo = s.groups.some((g) => g.convo === savedConvo) || savedConvo === 'user:' + state.as ? savedConvo : s.groups[0].convo
    setClock(s.now)
    setInterval(tick, 1000)
    speakAs(state.as)

    $('as-select').addEventListener('change', (e) => speakAs(e.target.value))
    $('convos').addEventListener('click', (e) => { const el = e.target.closest('.convo'); if (el) select(el.dataset.convo) })
    $('composer').addEventListener('submit', (e) => { e.preventDefault(); void send() })
    $('input').addEventListener('keydown', (e) => { if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); void send() } })
    $('clock-buttons').addEventListener('click', (e) => { const b = e.target.closest('button'); if (b) void moveClock(b.dataset.clock) })
    $('reset').addEventListener('click', async () => { if (confirm(L.resetConfirm)) { state.choices = {}; await api('reset', {}); await loadMessages() } })
    $('messages').addEventListener('click', (e) => { const b = e.target.closest('.card button[data-key]'); if (b) void click(b) })
    $('messages').addEventListener('change', (e) => { if (e.target.dataset && e.target.dataset.q) choose(e.target) })

    const events = new EventSource('/sandbox/api/events')
    events.onmessage = (e) => {
      const d = JSON.parse(e.data)
      if (d.convo === state.convo || d.convo === '*') void loadMessages()
      else if (d.convo.startsWith('group:') || d.convo === 'user:' + state.as) { state.unread[d.convo] = true; renderConvos() }
    }
    events.addEventListener('clock', (e) => setClock(JSON.parse(e.data).now))
    setInterval(() => void loadMessages(), 10000)
  }
  void start()
})()
