/** llmbench model module (work in progress). */
package io.llmbench.model;
