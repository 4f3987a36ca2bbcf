/** llmbench report module (work in progress). */
package io.llmbench.report;
