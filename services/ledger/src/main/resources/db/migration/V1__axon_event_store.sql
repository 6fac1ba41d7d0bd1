-- The event store and Axon's infrastructure tables. Flyway owns this schema; Hibernate only validates it.
-- Payloads, metadata, tokens and sagas are bytea holding JSON, so the table is readable as it is
-- (convert_from(payload, 'UTF8')) and nothing is stored as large objects.

-- One row per event. global_index is the ledger's total order; its sequence hands out one value at a
-- time so that concurrent writers leave no large gaps for tracking tokens to carry.
CREATE SEQUENCE domain_event_entry_seq START WITH 1 INCREMENT BY 1;

CREATE TABLE domain_event_entry (
    global_index         BIGINT       NOT NULL DEFAULT nextval('domain_event_entry_seq'),
    event_identifier     VARCHAR(255) NOT NULL,
    type                 VARCHAR(255),
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    time_stamp           VARCHAR(255) NOT NULL,
    payload_type         VARCHAR(255) NOT NULL,
    payload_revision     VARCHAR(255),
    payload              BYTEA        NOT NULL,
    meta_data            BYTEA,
    CONSTRAINT domain_event_entry_pkey PRIMARY KEY (global_index),
    CONSTRAINT domain_event_entry_event_identifier_key UNIQUE (event_identifier),
    -- optimistic concurrency: two writers cannot both append sequence n of one aggregate
    CONSTRAINT domain_event_entry_aggregate_identifier_sequence_number_key UNIQUE (aggregate_identifier, sequence_number)
);
ALTER SEQUENCE domain_event_entry_seq OWNED BY domain_event_entry.global_index;

CREATE TABLE snapshot_event_entry (
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255) NOT NULL,
    event_identifier     VARCHAR(255) NOT NULL,
    time_stamp           VARCHAR(255) NOT NULL,
    payload_type         VARCHAR(255) NOT NULL,
    payload_revision     VARCHAR(255),
    payload              BYTEA        NOT NULL,
    meta_data            BYTEA,
    CONSTRAINT snapshot_event_entry_pkey PRIMARY KEY (sequence_number, aggregate_identifier, type),
    CONSTRAINT snapshot_event_entry_event_identifier_key UNIQUE (event_identifier)
);
CREATE INDEX snapshot_event_entry_aggregate_idx ON snapshot_event_entry (aggregate_identifier, sequence_number);

-- Tracking tokens of streaming processors; projections commit their rows in the same transaction.
CREATE TABLE token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INTEGER      NOT NULL,
    token          BYTEA,
    token_type     VARCHAR(255),
    timestamp      VARCHAR(255) NOT NULL,
    owner          VARCHAR(255),
    CONSTRAINT token_entry_pkey PRIMARY KEY (segment, processor_name)
);

-- Policies (process managers) are Axon sagas.
CREATE TABLE saga_entry (
    saga_id         VARCHAR(255) NOT NULL,
    saga_type       VARCHAR(255),
    revision        VARCHAR(255),
    serialized_saga BYTEA,
    CONSTRAINT saga_entry_pkey PRIMARY KEY (saga_id)
);

CREATE SEQUENCE association_value_entry_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE association_value_entry (
    id                BIGINT       NOT NULL,
    association_key   VARCHAR(255) NOT NULL,
    association_value VARCHAR(255),
    saga_id           VARCHAR(255) NOT NULL,
    saga_type         VARCHAR(255),
    CONSTRAINT association_value_entry_pkey PRIMARY KEY (id)
);
CREATE INDEX association_value_entry_lookup_idx ON association_value_entry (saga_type, association_key, association_value);
CREATE INDEX association_value_entry_saga_idx ON association_value_entry (saga_id, saga_type);

-- Axon's sequenced dead-letter queue: poison events parked per processing group and sequence.
CREATE TABLE dead_letter_entry (
    dead_letter_id       VARCHAR(255)  NOT NULL,
    processing_group     VARCHAR(255)  NOT NULL,
    sequence_identifier  VARCHAR(255)  NOT NULL,
    sequence_index       BIGINT        NOT NULL,
    message_type         VARCHAR(255)  NOT NULL,
    event_identifier     VARCHAR(255)  NOT NULL,
    time_stamp           VARCHAR(255)  NOT NULL,
    payload_type         VARCHAR(255)  NOT NULL,
    payload_revision     VARCHAR(255),
    payload              BYTEA         NOT NULL,
    meta_data            BYTEA,
    type                 VARCHAR(255),
    aggregate_identifier VARCHAR(255),
    sequence_number      BIGINT,
    token_type           VARCHAR(255),
    token                BYTEA,
    enqueued_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    last_touched         TIMESTAMP WITH TIME ZONE,
    processing_started   TIMESTAMP WITH TIME ZONE,
    cause_type           VARCHAR(255),
    cause_message        VARCHAR(1023),
    diagnostics          BYTEA,
    CONSTRAINT dead_letter_entry_pkey PRIMARY KEY (dead_letter_id),
    CONSTRAINT dead_letter_entry_group_sequence_key UNIQUE (processing_group, sequence_identifier, sequence_index)
);
CREATE INDEX dead_letter_entry_group_idx ON dead_letter_entry (processing_group);
CREATE INDEX dead_letter_entry_group_sequence_idx ON dead_letter_entry (processing_group, sequence_identifier);
