package io.cronwheel.api;

import io.cronwheel.model.JobSpec;

/** The writable fields of a job, validated: its spec and whether it is active. */
record JobDefinition(JobSpec spec, boolean active) {}
