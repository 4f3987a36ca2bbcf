/** llmbench store module (work in progress). */
package io.llmbench.store;
