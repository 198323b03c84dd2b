// taskdoc 网页：重新检查、生成进度。不依赖任何外部文件。
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

// 生成：后台运行，轮询进度
const build = document.getElementById("build");
if (build) {
  const start = document.getElementById("start");
  const box = document.getElementById("progress");
  const fill = document.getElementById("fill");
  const count = document.getElementById("count");
  const messages = document.getElementById("messages");
  const error = document.getElementById("error");
  const result = document.getElementById("result");

  function show(status) {
    box.hidden = false;
    fill.style.width = status.percent + "%";
    fill.textContent = status.percent + "%";
    const total = status.total ? ` / ${status.total}` : "";
    count.textContent = status.finished ? (status.error ? "未完成" : `已完成 100%（${status.summary.files.length} 个文件）`)
      : `正在生成：第 ${status.done}${total} 份`;
    messages.replaceChildren(...(status.finished ? [] : status.messages.slice(-5)).map((m) => el("li", {}, m)));
    if (!status.finished) return;
    start.disabled = false;
    if (status.error) {
      error.hidden = false;
      error.textContent = status.error;
      box.classList.add("failed");
      return;
    }
    box.classList.remove("failed");
    showResult(status);
  }

  function showResult(status) {
    const s = status.summary;
    result.hidden = false;
    document.getElementById("headline").textContent = s.headline;
    document.getElementById("zip").href = "/zip/" + status.id;
    document.getElementById("notes").replaceChildren(...s.notes.map((n) => el("li", {}, n)));
    const groups = new Map();
    for (const f of s.files) {
      if (!groups.has(f.folder)) groups.set(f.folder, []);
      groups.get(f.folder).push(f);
    }
    const files = document.getElementById("files");
    files.replaceChildren();
    for (const [folder, list] of groups) {
      const details = el("details", list.length <= 12 ? { open: "" } : {});
      details.append(el("summary", {}, `${folder}（${list.length} 个文件）`));
      const ul = el("ul", { class: "files" });
      for (const f of list) {
        const li = el("li");
        li.append(el("a", { href: f.url, download: f.name }, f.name));
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
    const r = await post("/api/build", { force: document.getElementById("force").checked });
    if (!r.ok) { start.disabled = false; error.hidden = false; error.textContent = "无法开始生成（" + r.status + "）"; return; }
    const job = await r.json();
    poll(job.job);
  });

  if (build.dataset.last) poll(build.dataset.last);
}
