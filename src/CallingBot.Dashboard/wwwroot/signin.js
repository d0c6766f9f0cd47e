"use strict";
(() => {
  const form = document.getElementById("signin-form");
  const error = document.getElementById("signin-error");
  const label = document.getElementById("credential-label");

  function showError(text) {
    error.textContent = text;
    error.hidden = false;
  }

  async function explain(response) {
    try {
      const problem = await response.json();
      if (problem.errors) {
        return Object.values(problem.errors).flat().join(" ");
      }
      return problem.detail || problem.title || `Sign-in failed (${response.status}).`;
    } catch {
      return `Sign-in failed (${response.status}).`;
    }
  }

  async function post(url, body) {
    error.hidden = true;
    const response = await fetch(url, { method: "POST", body, credentials: "same-origin" });
    if (response.status === 204) {
      window.location.assign("/dashboard/");
      return;
    }
    let text = await explain(response);
    const retry = response.headers.get("Retry-After");
    if (response.status === 429 && retry) {
      text += ` Try again in ${retry} s.`;
    }
    showError(text);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    post("/dashboard/signin", new URLSearchParams(new FormData(form))).catch((e) => showError(`Sign-in failed: ${e.message}`));
  });

  document.getElementById("loopback-button").addEventListener("click", () => {
    post("/dashboard/signin/local", null).catch((e) => showError(`Sign-in failed: ${e.message}`));
  });

  fetch("/dashboard/api/signin-options", { credentials: "same-origin" })
    .then((r) => r.json())
    .then((options) => {
      label.textContent = options.credentialName;
      document.getElementById("loopback").hidden = !options.loopbackSignIn;
    })
    .catch((e) => showError(`The dashboard could not be reached: ${e.message}`));
})();
