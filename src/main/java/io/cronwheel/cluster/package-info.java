/**
 * Several engines on one database: which node fires which partition. Each partition has a lease in
 * PostgreSQL ({@code partition_leases}), taken by compare-and-set and fenced by its epoch; the
 * {@link io.cronwheel.cluster.LeaseManager} renews, takes and hands over leases, spreading the
 * partitions evenly over the live nodes ({@link io.cronwheel.cluster.Assignment}); the {@link
 * io.cronwheel.cluster.JobChangeFeed} brings job changes made through any node to the partition's
 * owner. No leader, no consensus of our own: every decision is one statement on the database.
 */
package io.cronwheel.cluster;
