// Sends the page's CSRF token with every state-changing request the page makes: htmx (header), fetch (header)
// and plain multipart forms (whose bodies the server cannot read before the upload, so the token rides in the URL).
(function () {
  function token() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute('content') : '';
  }
  function sameOrigin(url) {
    try { return new URL(url, window.location.href).origin === window.location.origin; } catch (e) { return false; }
  }
  document.addEventListener('htmx:configRequest', function (e) {
    e.detail.headers['X-CSRF-TOKEN'] = token();
  });
  if (window.htmx) {
    // show the server's refusal (403 with .flash-error, 400 with the reason) where the content would go
    htmx.config.responseHandling = [
      {code: '204', swap: false},
      {code: '[23]..', swap: true},
      {code: '40[0349]', swap: true, error: true},
      {code: '422', swap: true, error: true},
      {code: '[45]..', swap: false, error: true}
    ];
  }
  var originalFetch = window.fetch;
  if (originalFetch) {
    window.fetch = function (input, init) {
      init = init || {};
      var method = (init.method || (input && input.method) || 'GET').toUpperCase();
      var url = typeof input === 'string' ? input : (input && input.url) || '';
      if (['GET', 'HEAD', 'OPTIONS'].indexOf(method) < 0 && sameOrigin(url)) {
        var headers = new Headers(init.headers || (input && input.headers) || {});
        if (!headers.has('X-CSRF-TOKEN')) { headers.set('X-CSRF-TOKEN', token()); }
        init.headers = headers;
      }
      return originalFetch.call(this, input, init);
    };
  }
  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (!(form instanceof HTMLFormElement)) { return; }
    var method = (form.getAttribute('method') || 'get').toLowerCase();
    if (method !== 'post') { return; }
    if (!form.querySelector('input[name="csrfToken"]') && form.enctype !== 'multipart/form-data') {
      var hidden = document.createElement('input');
      hidden.type = 'hidden'; hidden.name = 'csrfToken'; hidden.value = token();
      form.appendChild(hidden);
    }
    if (form.enctype === 'multipart/form-data' && sameOrigin(form.action)) {
      var u = new URL(form.action, window.location.href);
      u.searchParams.set('csrfToken', token());
      form.action = u.toString();
    }
  }, true);
  // a form that asks first (data-confirm: the question) and a select that sends its form when changed
  // (data-autosubmit): the Content-Security-Policy refuses inline onsubmit/onchange attributes, so pages say it here
  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (form instanceof HTMLFormElement && form.hasAttribute('data-confirm') && !window.confirm(form.getAttribute('data-confirm'))) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener('change', function (e) {
    var field = e.target;
    if (field instanceof HTMLSelectElement && field.hasAttribute('data-autosubmit') && field.form) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });
  // the error page's "back" link (a javascript: address would be refused by the Content-Security-Policy)
  document.addEventListener('click', function (e) {
    var link = e.target instanceof Element ? e.target.closest('a[data-history-back]') : null;
    if (link && window.history.length > 1) {
      e.preventDefault();
      window.history.back();
    }
  });
})();
