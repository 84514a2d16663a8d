/** Zero-copy packet decoding and the compact per-capture-point packet record. */
package io.phalanx.core.packet;
