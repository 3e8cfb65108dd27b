// Offline API reference rendered from /openapi.json, with a "try it" form for GET endpoints.
"use strict";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}

function resolve(spec, schema) {
  if (schema && schema.$ref) return resolve(spec, schema.$ref.split("/").slice(1).reduce((o, k) => o[k], spec));
  return schema || {};
}

function describeSchema(spec, schema) {
  schema = resolve(spec, schema);
  if (schema.anyOf) return schema.anyOf.map(s => describeSchema(spec, s)).filter(t => t !== "null").join(" | ");
  const bits = [schema.type || (schema.enum ? "enum" : "")];
  if (schema.enum) bits.push("one of " + schema.enum.join(", "));
  if (schema.pattern) bits.push("pattern " + schema.pattern);
  if (schema.minimum !== undefined) bits.push("≥ " + schema.minimum);
  if (schema.maximum !== undefined) bits.push("≤ " + schema.maximum);
  if (schema.maxLength !== undefined) bits.push("max length " + schema.maxLength);
  return bits.filter(Boolean).join(", ");
}

function endpoint(spec, path, method, op) {
  const box = el("section", { class: "filters", "data-path": path });
  box.append(el("h3", {}, el("span", { class: "code", text: method.toUpperCase() + " " + path }), " ", op.summary || ""));
  if (op.description) box.append(el("p", { class: "muted", text: op.description }));
  const params = op.parameters || [];
  if (params.length) {
    const rows = params.map(p => el("tr", {},
      el("td", { class: "code", text: p.name + (p.required ? " *" : "") }), el("td", { text: p.in }),
      el("td", { text: describeSchema(spec, p.schema) }), el("td", { text: (p.description || (p.schema && p.schema.description) || "") })));
    box.append(el("table", { class: "data" }, el("thead", {}, el("tr", {}, el("th", { text: "parameter" }), el("th", { text: "in" }), el("th", { text: "type" }), el("th", { text: "meaning" }))), el("tbody", {}, ...rows)));
  }
  if (op.requestBody) {
    const schema = resolve(spec, op.requestBody.content["application/json"].schema);
    const rows = Object.entries(schema.properties || {}).map(([name, s]) => el("tr", {},
      el("td", { class: "code", text: name + ((schema.required || []).includes(name) ? " *" : "") }),
      el("td", { text: describeSchema(spec, s) }), el("td", { text: s.description || "" })));
    box.append(el("p", { text: "JSON body:" }), el("table", { class: "data" }, el("tbody", {}, ...rows)));
  }
  if (method === "get") {
    const form = el("form", {});
    for (const p of params) form.append(el("label", {}, p.name, el("input", { name: p.name, "data-in": p.in })));
    const out = el("pre", { class: "article-text" });
    form.append(el("button", { type: "submit", text: "Try it" }));
    form.addEventListener("submit", async evt => {
      evt.preventDefault();
      let url = path;
      const usp = new URLSearchParams();
      for (const input of form.querySelectorAll("input")) {
        if (!input.value) continue;
        if (input.dataset.in === "path") url = url.replace("{" + input.name + "}", encodeURIComponent(input.value));
        else usp.set(input.name, input.value);
      }
      const resp = await fetch(url + (usp.toString() ? "?" + usp : ""));
      const text = await resp.text();
      let shown = text;
      try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (_) { /* not JSON */ }
      out.textContent = resp.status + "\n" + shown.slice(0, 20000);
    });
    box.append(form, out);
  }
  return box;
}

document.addEventListener("DOMContentLoaded", async () => {
  const spec = await (await fetch("/openapi.json")).json();
  document.getElementById("api-title").textContent = `${spec.info.title} API ${spec.info.version}`;
  document.getElementById("api-description").textContent = spec.info.description || "";
  const root = document.getElementById("endpoints");
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) root.append(endpoint(spec, path, method, op));
  }
});
