// taskdoc 网页：重新检查、后台任务（生成、报表、汇总）的进度和结果。不依赖任何外部文件。
"use strict";

const token = document.querySelector('meta[name="taskdoc-token"]').content;

function post(url, body) {
  return fetch(url, {
    method: "POST",
    headers: { "X-Taskdoc-Token": token, "Content-Type": "application/json" },
    body: JSON.stringify(body || {}),
    credentials: "same-origin",
  });
}

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function table(headers, rows, cls) {
  const t = el("table", { class: cls || "plain" });
  const head = el("tr");
  for (const h of headers) head.append(el("th", {}, h));
  const thead = el("thead");
  thead.append(head);
  t.append(thead);
  const body = el("tbody");
  for (const row of rows) {
    const tr = el("tr");
    for (const c of row) tr.append(el("td", {}, c));
    body.append(tr);
  }
  t.append(body);
  return t;
}

// 工作台：按钮重新检查；表格文件保存后自动重新检查
const recheck = document.getElementById("recheck");
if (recheck) {
  recheck.addEventListener("click", () => { window.location.href = "/"; });
  const since = recheck.dataset.mtime;
  setInterval(async () => {
    try {
      const r = await fetch("/api/source", { credentials: "same-origin" });
      if (!r.ok) return;
      const state = await r.json();
      if (String(state.mtime) !== since) window.location.href = "/";
    } catch (e) { /* 服务已停止：保持页面 */ }
  }, 3000);
}

// 汇总结果：应报、已报、逾期、未报，各完成情况的任务数（条形图），滞后任务，各文件的问题
function showCollection(box, s) {
  box.replaceChildren();
  if (s.due === undefined) return;
  const facts = el("div", { class: "facts" });
  for (const [label, n, cls] of [["应报单位", s.due, ""], ["已报", s.reported, "good"],
    ["其中逾期", s.late, "warn"], ["未报", s.missing, "bad"]]) {
    const f = el("div", { class: "fact " + cls });
    f.append(el("b", {}, String(n)), el("span", {}, label));
    facts.append(f);
  }
  box.append(facts);
  box.append(el("h3", {}, "各单位报送情况"));
  box.append(table(["单位", "报送情况", "填报日期", "文件"],
    s.units.map((u) => [u.name, u.state, u.date, u.file]), "plain units"));
  box.append(el("h3", {}, `任务完成情况（共 ${s.tasks} 项）`));
  const chart = el("div", { class: "chart" });
  for (const st of s.statuses) {
    const row = el("div", { class: "chart-row" });
    const bar = el("div", { class: "chart-bar" });
    const fill = el("div", { class: "chart-fill" });
    fill.style.width = st.percent + "%";
    bar.append(fill);
    row.append(el("span", { class: "chart-label" }, st.status), bar, el("span", { class: "chart-n" }, `${st.count} 项`));
    chart.append(row);
  }
  box.append(chart);
  if (s.behind.length) {
    box.append(el("h3", {}, `进度滞后的任务（${s.behind.length} 项）`));
    box.append(table(["任务", "牵头单位"], s.behind.map((b) => [b.task, b.lead])));
  }
  box.append(el("h3", {}, s.problems.length ? `报表中发现的问题（${s.problems.length} 个）` : "各报表均未发现问题。"));
  if (s.problems.length) {
    box.append(table(["类别", "文件", "工作表", "单元格", "问题", "怎样改"],
      s.problems.map((p) => [p.severity, p.file, p.sheet, p.cell, p.message, p.fix]), "problems"));
  }
  const details = el("details");
  details.append(el("summary", {}, "文字版（与 taskdoc collect 显示的相同）"), el("pre", { class: "summary" }, s.report));
  box.append(details);
}

// 预览：装有 LibreOffice 时逐页查看生成的文书（第一次打开时转换为 PDF）
const preview = document.getElementById("preview");
const shown = { path: "", page: 1, pages: 0 };

function showPage() {
  const q = (sel) => preview.querySelector(sel);
  q(".pageno").textContent = `第 ${shown.page} / ${shown.pages} 页`;
  q(".prev").disabled = shown.page <= 1;
  q(".next").disabled = shown.page >= shown.pages;
  const img = q(".page");
  img.hidden = false;
  img.alt = `第 ${shown.page} 页`;
  img.src = "/preview?path=" + encodeURIComponent(shown.path) + "&page=" + shown.page;
}

async function openPreview(f) {
  const q = (sel) => preview.querySelector(sel);
  Object.assign(shown, { path: f.path, page: 1, pages: 0 });
  preview.hidden = false;
  q(".name").textContent = f.name;
  q(".wait").hidden = false;
  q(".error").hidden = true;
  q(".page").hidden = true;
  q(".pageno").textContent = "";
  q(".prev").disabled = q(".next").disabled = true;
  preview.scrollIntoView();
  const r = await fetch("/api/preview?path=" + encodeURIComponent(f.path), { credentials: "same-origin" });
  const answer = await r.json().catch(() => ({ error: `无法预览（${r.status}）` }));
  if (shown.path !== f.path) return; // 其间打开了另一个文件
  q(".wait").hidden = true;
  if (!r.ok || answer.error) {
    q(".error").hidden = false;
    q(".error").textContent = answer.error || `无法预览（${r.status}）`;
    return;
  }
  shown.pages = answer.pages;
  showPage();
}

if (preview) {
  preview.querySelector(".prev").addEventListener("click", () => { shown.page -= 1; showPage(); });
  preview.querySelector(".next").addEventListener("click", () => { shown.page += 1; showPage(); });
  preview.querySelector(".close").addEventListener("click", () => {
    preview.hidden = true;
    shown.path = "";
  });
}

// 后台任务：按钮开始，轮询进度，完成后列出文件
function jobPanel(root) {
  const q = (sel) => root.querySelector(sel);
  const start = q(".start");
  const box = q(".progress");
  const fill = q(".fill");
  const count = q(".count");
  const messages = q(".messages");
  const error = q(".error");
  const result = q(".result");

  function show(status) {
    box.hidden = false;
    fill.style.width = status.percent + "%";
    fill.textContent = status.percent + "%";
    const total = status.total ? ` / ${status.total}` : "";
    count.textContent = !status.finished ? `正在处理：第 ${status.done}${total} 份`
      : status.error ? "未完成（原因见下）" : `已完成 100%（${status.summary.files.length} 个文件）`;
    messages.replaceChildren(...(status.finished ? [] : status.messages.slice(-5)).map((m) => el("li", {}, m)));
    if (!status.finished) return;
    start.disabled = false;
    box.classList.toggle("failed", Boolean(status.error));
    if (status.error) {
      error.hidden = false;
      error.textContent = status.error;
      return;
    }
    showResult(status);
  }

  function showResult(status) {
    const s = status.summary;
    result.hidden = false;
    q(".headline").textContent = s.headline;
    q(".zip").href = "/zip/" + status.id;
    q(".notes").replaceChildren(...s.notes.map((n) => el("li", {}, n)));
    showCollection(q(".collection"), s);
    const groups = new Map();
    for (const f of s.files) {
      if (!groups.has(f.folder)) groups.set(f.folder, []);
      groups.get(f.folder).push(f);
    }
    const files = q(".files");
    files.replaceChildren();
    for (const [folder, list] of groups) {
      const details = el("details", list.length <= 12 ? { open: "" } : {});
      details.append(el("summary", {}, `${folder}（${list.length} 个文件）`));
      const ul = el("ul", { class: "files" });
      for (const f of list) {
        const li = el("li");
        li.append(el("a", { href: f.url, download: f.name }, f.name));
        if (preview && /\.(docx|xlsx)$/i.test(f.name)) {
          const look = el("a", { href: "#preview", class: "look" }, "预览");
          look.addEventListener("click", (e) => { e.preventDefault(); openPreview(f); });
          li.append(" ", look);
        }
        ul.append(li);
      }
      details.append(ul);
      files.append(details);
    }
  }

  async function poll(id) {
    const r = await fetch("/api/jobs/" + id, { credentials: "same-origin" });
    if (!r.ok) { start.disabled = false; return; }
    const status = await r.json();
    show(status);
    if (!status.finished) setTimeout(() => poll(id), 400);
  }

  start.addEventListener("click", async () => {
    start.disabled = true;
    error.hidden = true;
    result.hidden = true;
    fill.style.width = "0%";
    const force = q(".force");
    const one = q(".one");
    const r = await post(root.dataset.start, { force: force ? force.checked : false,
      reminders: one && one.checked ? "one" : "each" });
    if (!r.ok) { start.disabled = false; error.hidden = false; error.textContent = "无法开始（" + r.status + "）"; return; }
    const job = await r.json();
    poll(job.job);
  });

  if (root.dataset.last) poll(root.dataset.last);
}

document.querySelectorAll(".job").forEach(jobPanel);

// 上传报表：可以把文件拖到虚线框里（不只是拖到“选择文件”按钮上）
document.querySelectorAll("form.drop").forEach((form) => {
  const input = form.querySelector("input[type=file]");
  form.addEventListener("dragover", (e) => { e.preventDefault(); form.classList.add("over"); });
  form.addEventListener("dragleave", () => form.classList.remove("over"));
  form.addEventListener("drop", (e) => {
    e.preventDefault();
    form.classList.remove("over");
    if (e.dataTransfer && e.dataTransfer.files.length) {
      input.files = e.dataTransfer.files;
      form.submit();
    }
  });
});

// 切换季度：选中即切换
const quarterSelect = document.getElementById("quarter");
if (quarterSelect) quarterSelect.addEventListener("change", () => quarterSelect.form.submit());
