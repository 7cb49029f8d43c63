// 随手拍 (issue 21): the residents' page. No inline script (the CSP forbids it), no
// framework, no build step. Every text from the server goes in with textContent.
"use strict";

(function () {
  var MAX_PHOTOS = 3, MAX_SIDE = 1600, QUALITY = 0.82;

  function $(id) { return document.getElementById(id); }
  function cookie(name) {
    var parts = document.cookie.split(";");
    for (var i = 0; i < parts.length; i++) {
      var p = parts[i].trim();
      if (p.indexOf(name + "=") === 0) return decodeURIComponent(p.slice(name.length + 1));
    }
    return "";
  }
  function randomKey() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    var s = "";
    for (var i = 0; i < bytes.length; i++) s += ("0" + bytes[i].toString(16)).slice(-2);
    return s;
  }
  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }
  function showError(field, message) {
    var el = document.querySelector('.err[data-for="' + field + '"]');
    if (el) el.textContent = message || "";
  }
  function clearErrors() {
    var els = document.querySelectorAll(".err");
    for (var i = 0; i < els.length; i++) els[i].textContent = "";
  }

  // A request that survives a weak connection: network failures and 5xx are retried
  // with the same body and the same idempotency key, so the server does it once.
  async function send(path, body, headers, onRetry) {
    var wait = 800;
    for (var attempt = 1; ; attempt++) {
      var response = null;
      try {
        var h = Object.assign({"X-CSRF-Token": cookie("h5_csrf")}, headers || {});
        response = await fetch(path, {method: "POST", body: body, headers: h,
                                      credentials: "same-origin", cache: "no-store"});
      } catch (e) {
        response = null;
      }
      if (response && response.status < 500) {
        var data = {};
        try { data = await response.json(); } catch (e) { data = {}; }
        return {ok: response.ok, status: response.status, data: data};
      }
      if (attempt >= 8) return {ok: false, status: 0, data: {message: "网络不好，请稍后再试"}};
      if (onRetry) onRetry(attempt);
      await sleep(wait);
      wait = Math.min(wait * 2, 8000);
    }
  }
  function postJson(path, obj, onRetry) {
    return send(path, JSON.stringify(obj), {"Content-Type": "application/json"}, onRetry);
  }

  // ---------------------------------------------------------------- photos
  function loadImage(file) {
    return new Promise(function (resolve, reject) {
      var url = URL.createObjectURL(file);
      var img = new Image();
      img.onload = function () { resolve({img: img, url: url}); };
      img.onerror = function () { URL.revokeObjectURL(url); reject(new Error("image")); };
      img.src = url;
    });
  }
  // Down to MAX_SIDE px on the long side and JPEG: a phone's 5 MB photo becomes a few
  // hundred kB, which a weak 4G connection can carry (and no EXIF location goes along).
  async function compress(file) {
    var loaded = await loadImage(file);
    var img = loaded.img;
    var scale = Math.min(1, MAX_SIDE / Math.max(img.naturalWidth, img.naturalHeight));
    var w = Math.max(1, Math.round(img.naturalWidth * scale));
    var h = Math.max(1, Math.round(img.naturalHeight * scale));
    var canvas = document.createElement("canvas");
    canvas.width = w; canvas.height = h;
    var ctx = canvas.getContext("2d");
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, w, h);
    ctx.drawImage(img, 0, 0, w, h);
    URL.revokeObjectURL(loaded.url);
    return await new Promise(function (resolve, reject) {
      canvas.toBlob(function (blob) { blob ? resolve(blob) : reject(new Error("blob")); },
                    "image/jpeg", QUALITY);
    });
  }

  // ---------------------------------------------------------------- report page
  function reportPage() {
    var params = new URLSearchParams(location.search);
    var community = params.get("c") || "";
    var photos = [];          // {blob, url, key, sent}
    var lat = null, lon = null;
    var reportKey = sessionStorage.getItem("h5_report_key") || randomKey();
    sessionStorage.setItem("h5_report_key", reportKey);

    fetch("/h5/api/community?c=" + encodeURIComponent(community), {credentials: "same-origin"})
      .then(function (r) { return r.json().then(function (d) { return {ok: r.ok, d: d}; }); })
      .then(function (res) {
        if (!res.ok) { $("community").textContent = res.d.message || "没有这个社区，请重新扫码";
                       $("submit").disabled = true; return; }
        $("community").textContent = res.d.name;
        var box = $("choices");
        res.d.choices.forEach(function (c) {
          var label = document.createElement("label");
          label.className = "chip";
          var input = document.createElement("input");
          input.type = "radio"; input.name = "choice"; input.value = c.code;
          input.addEventListener("change", function () {
            var chips = box.querySelectorAll(".chip");
            for (var i = 0; i < chips.length; i++) chips[i].classList.remove("on");
            label.classList.add("on");
          });
          label.appendChild(input);
          label.appendChild(document.createTextNode(c.words));
          box.appendChild(label);
        });
        var select = $("place");
        res.d.places.forEach(function (p) {
          var o = document.createElement("option");
          o.value = p.id; o.textContent = p.name;
          select.appendChild(o);
        });
      })
      .catch(function () { $("community").textContent = "网络不好，请刷新重试"; });

    function renderThumbs() {
      var box = $("thumbs");
      box.textContent = "";
      photos.forEach(function (p, i) {
        var d = document.createElement("div");
        d.className = "thumb";
        var img = document.createElement("img");
        img.src = p.url; img.alt = "照片 " + (i + 1);
        var x = document.createElement("button");
        x.type = "button"; x.textContent = "×"; x.setAttribute("aria-label", "删除照片");
        x.addEventListener("click", function () {
          URL.revokeObjectURL(p.url); photos.splice(i, 1); renderThumbs();
        });
        d.appendChild(img); d.appendChild(x); box.appendChild(d);
      });
    }

    $("photo").addEventListener("change", async function (ev) {
      showError("photos", "");
      var files = Array.prototype.slice.call(ev.target.files || []);
      ev.target.value = "";
      for (var i = 0; i < files.length; i++) {
        if (photos.length >= MAX_PHOTOS) { showError("photos", "最多 3 张照片"); break; }
        try {
          var blob = await compress(files[i]);
          photos.push({blob: blob, url: URL.createObjectURL(blob), key: null, sent: false});
        } catch (e) {
          showError("photos", "这张照片打不开，请换一张");
        }
      }
      renderThumbs();
    });

    $("locate").addEventListener("click", function () {
      if (!navigator.geolocation) { $("located").textContent = "这部手机不支持定位"; return; }
      $("located").textContent = "正在定位…";
      navigator.geolocation.getCurrentPosition(function (pos) {
        lat = Math.round(pos.coords.latitude * 1e6) / 1e6;
        lon = Math.round(pos.coords.longitude * 1e6) / 1e6;
        $("located").textContent = "已获取手机位置";
      }, function () {
        $("located").textContent = "没有获取到位置，请选择或填写地点";
      }, {enableHighAccuracy: true, timeout: 10000, maximumAge: 60000});
    });

    $("report").addEventListener("submit", async function (ev) {
      ev.preventDefault();
      clearErrors();
      var choice = document.querySelector('input[name="choice"]:checked');
      var phone = $("phone").value.replace(/[\s-]/g, "");
      var description = $("description").value.trim();
      var placeId = $("place").value, placeText = $("place_text").value.trim();
      var bad = false;
      if (!choice) { showError("choice", "请选择问题类型"); bad = true; }
      if (!placeId && !placeText && lat === null) {
        showError("place", "请选择或填写地点"); bad = true; }
      if (!description) { showError("description", "请填写问题描述"); bad = true; }
      if (!/^(\+86)?1[3-9]\d{9}$/.test(phone)) {
        showError("phone", "请填写正确的手机号"); bad = true; }
      if (bad) return;
      var button = $("submit");
      button.disabled = true;
      var progress = $("progress");
      try {
        for (var i = 0; i < photos.length; i++) {
          var p = photos[i];
          if (p.sent) continue;
          p.key = reportKey + "-p" + i;
          progress.textContent = "正在上传第 " + (i + 1) + "/" + photos.length + " 张照片…";
          var up = await send("/h5/api/photos", p.blob,
                              {"Content-Type": "image/jpeg", "Idempotency-Key": p.key},
                              function (n) { progress.textContent = "网络不好，正在重试（" + n + "）…"; });
          if (!up.ok) { showError("photos", up.data.message || "照片上传失败"); return; }
          p.sent = true;
        }
        progress.textContent = "正在提交…";
        var body = {key: reportKey, community: community, choice: choice.value,
                    place_id: placeId || null, place_text: placeText || null,
                    description: description, phone: phone,
                    photos: photos.map(function (p) { return p.key; })};
        if (lat !== null) { body.lat = lat; body.lon = lon; }
        var res = await postJson("/h5/api/reports", body,
                                 function (n) { progress.textContent = "网络不好，正在重试（" + n + "）…"; });
        if (!res.ok) {
          showError(res.data.field || "form", res.data.message || "提交失败，请稍后再试");
          return;
        }
        sessionStorage.removeItem("h5_report_key");
        try {
          localStorage.setItem("h5_last_code", res.data.code);
          localStorage.setItem("h5_community", community);
        } catch (e) { /* private mode: the code is on the screen */ }
        $("code").textContent = res.data.code;
        $("status_link").href = "/h5/status?code=" + encodeURIComponent(res.data.code);
        $("again").href = "/h5/?c=" + encodeURIComponent(community);
        $("report").classList.add("hidden");
        $("done").classList.remove("hidden");
        window.scrollTo(0, 0);
      } finally {
        progress.textContent = "";
        button.disabled = false;
      }
    });
  }

  // ---------------------------------------------------------------- status page
  function statusPage() {
    var params = new URLSearchParams(location.search);
    var last = "", community = "";
    try {
      last = localStorage.getItem("h5_last_code") || "";
      community = localStorage.getItem("h5_community") || "";
    } catch (e) { last = ""; }
    if (community) $("to_report").href = "/h5/?c=" + encodeURIComponent(community);
    else $("to_report").classList.add("hidden");
    $("code_in").value = params.get("code") || last;
    var current = null;

    function render(d) {
      $("result").classList.remove("hidden");
      $("r_choice").textContent = d.choice + " · " + d.step_words;
      $("r_meta").textContent = "查询码 " + d.code + " · 提交于 " + d.submitted;
      var ol = $("r_steps");
      ol.textContent = "";
      d.steps.forEach(function (s) {
        var li = document.createElement("li");
        li.textContent = s.words;
        if (s.done) li.className = "done";
        ol.appendChild(li);
      });
      $("r_place").textContent = d.place ? "地点：" + d.place : "";
      $("r_description").textContent = d.description ? "描述：" + d.description : "";
      if (d.reply) {
        $("r_reply").classList.remove("hidden");
        $("r_reply_text").textContent = d.reply;
        $("r_reply_at").textContent = d.reply_at ? "答复于 " + d.reply_at : "";
      } else {
        $("r_reply").classList.add("hidden");
      }
      if (d.rating) {
        $("r_rating").classList.remove("hidden");
        $("r_rating").textContent = "您的评价：" + d.rating.words +
          (d.rating.comment ? "（" + d.rating.comment + "）" : "");
      } else {
        $("r_rating").classList.add("hidden");
      }
      if (d.verification) {
        $("r_verification").classList.remove("hidden");
        $("r_verification").textContent = "已转社区回访核实：" + d.verification;
      } else {
        $("r_verification").classList.add("hidden");
      }
      $("rate").classList.toggle("hidden", !d.can_rate);
    }

    $("lookup").addEventListener("submit", async function (ev) {
      ev.preventDefault();
      clearErrors();
      var code = $("code_in").value.trim(), phone = $("phone_in").value.replace(/[\s-]/g, "");
      if (!code || !phone) { showError("lookup", "请填写查询码和手机号"); return; }
      var res = await postJson("/h5/api/status", {code: code, phone: phone});
      if (!res.ok) {
        $("result").classList.add("hidden");
        $("rate").classList.add("hidden");
        showError("lookup", res.data.message || "查询失败，请稍后再试");
        return;
      }
      current = {code: code, phone: phone};
      render(res.data);
    });

    $("rate").addEventListener("submit", async function (ev) {
      ev.preventDefault();
      clearErrors();
      var picked = document.querySelector('input[name="rating"]:checked');
      if (!picked || !current) { showError("rate", "请选择满意、基本满意或不满意"); return; }
      var res = await postJson("/h5/api/rate", {code: current.code, phone: current.phone,
                                                rating: picked.value,
                                                comment: $("comment").value.trim() || null});
      if (!res.ok) { showError("rate", res.data.message || "评价失败，请稍后再试"); return; }
      render(res.data);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var page = document.body.getAttribute("data-page");
    if (page === "report") reportPage();
    else if (page === "status") statusPage();
  });
})();
