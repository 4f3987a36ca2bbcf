(function () {
  'use strict';
  // Offline: no validator badge (it would call an outside server), no remote configuration.
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    persistAuthorization: false,
    tryItOutEnabled: true
  });
})();
