/**
 * Which partitions this process owns, and which partition a job belongs to. Today one process owns
 * them all; a later version shares them between processes through PostgreSQL leases behind the same
 * interface. Thread-safe.
 */
package io.cronwheel.cluster;
