// The print view's button: the browser's own print dialog, where 另存为 PDF is one of the printers.
(function () {
  var b = document.getElementById('print-report');
  if (b) b.addEventListener('click', function () { window.print(); });
})();
