-- communique store schema (DuckDB). Keys are content hashes so re-ingest adds nothing twice.
-- events: one row per distinct event (same source code, target code, CAMEO code and day; an
--   undated or month/year-dated mention is an event of its own article),
--   with GDELT-style counts; mentions: every coded event mention, linked to its event.

CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY,          -- content hash of the text
    title VARCHAR,
    date DATE,                       -- publication date
    source VARCHAR,                  -- publisher
    url VARCHAR,
    origin VARCHAR,                  -- file:line it was read from
    text VARCHAR,
    n_sentences INTEGER,
    n_words INTEGER,
    n_events INTEGER,
    ingested_at TIMESTAMP DEFAULT current_timestamp,
    ext_id VARCHAR                   -- the input record's own id field, when it had one
);

CREATE TABLE IF NOT EXISTS mentions (
    id VARCHAR PRIMARY KEY,          -- Event.id (article, sentence, trigger, code, dyad)
    event_id VARCHAR NOT NULL,       -- events.id
    article_id VARCHAR NOT NULL,
    source_code VARCHAR, source_name VARCHAR, source_text VARCHAR,
    source_country VARCHAR, source_sectors VARCHAR[], source_kb_id VARCHAR,
    target_code VARCHAR, target_name VARCHAR, target_text VARCHAR,
    target_country VARCHAR, target_sectors VARCHAR[], target_kb_id VARCHAR,
    cameo VARCHAR NOT NULL, root VARCHAR NOT NULL, cameo_name VARCHAR,
    plover VARCHAR, plover_mode VARCHAR,
    quad_class TINYINT, goldstein DOUBLE,
    date DATE, date_precision VARCHAR, date_text VARCHAR,
    location_name VARCHAR, location_country VARCHAR, location_admin1 VARCHAR,
    lat DOUBLE, lon DOUBLE,
    sentence INTEGER, trigger_text VARCHAR, trigger_start INTEGER, trigger_end INTEGER,
    evidence VARCHAR, rule VARCHAR, modality VARCHAR, negated BOOLEAN, confidence DOUBLE
);

CREATE TABLE IF NOT EXISTS events (
    id VARCHAR PRIMARY KEY,          -- hash of (source_code, target_code, cameo, date)
    source_code VARCHAR, source_name VARCHAR, source_country VARCHAR,
    target_code VARCHAR, target_name VARCHAR, target_country VARCHAR,
    cameo VARCHAR NOT NULL, root VARCHAR NOT NULL, cameo_name VARCHAR,
    plover VARCHAR, plover_mode VARCHAR,
    quad_class TINYINT, goldstein DOUBLE,
    date DATE,
    location_name VARCHAR, location_country VARCHAR, lat DOUBLE, lon DOUBLE,
    num_mentions INTEGER,            -- as GDELT NumMentions
    num_sources INTEGER,             -- distinct publishers
    num_articles INTEGER,            -- distinct articles
    first_article_id VARCHAR,
    first_url VARCHAR,
    confidence DOUBLE,               -- max over mentions
    date_precision VARCHAR           -- day, publication (the story's day), month, year; NULL undated
);

CREATE TABLE IF NOT EXISTS actors (
    article_id VARCHAR NOT NULL,
    sentence INTEGER,
    start_char INTEGER,
    end_char INTEGER,
    text VARCHAR, name VARCHAR, code VARCHAR, country VARCHAR,
    sectors VARCHAR[], kb_id VARCHAR, how VARCHAR,
    PRIMARY KEY (article_id, start_char, end_char)
);

CREATE TABLE IF NOT EXISTS quotes (
    article_id VARCHAR NOT NULL,
    sentence INTEGER, start_char INTEGER, end_char INTEGER,
    text VARCHAR, kind VARCHAR, speaker_text VARCHAR, speaker_code VARCHAR, speaker_name VARCHAR,
    PRIMARY KEY (article_id, start_char, end_char)
);

CREATE TABLE IF NOT EXISTS rejects (
    id VARCHAR PRIMARY KEY,          -- hash of (origin, reason, record)
    origin VARCHAR,                  -- file:line
    reason VARCHAR,
    record VARCHAR,                  -- raw record, truncated
    rejected_at TIMESTAMP DEFAULT current_timestamp
);

-- Added by the ingest writer. Existing stores get new columns through ADD COLUMN IF NOT EXISTS,
-- so a store written by an older version opens and keeps working.
ALTER TABLE articles ADD COLUMN IF NOT EXISTS ext_id VARCHAR;
-- The reject's file and line, split out of origin so users can group and filter by them.
ALTER TABLE rejects ADD COLUMN IF NOT EXISTS file VARCHAR;
ALTER TABLE rejects ADD COLUMN IF NOT EXISTS line INTEGER;
-- How exact an event's date is (a month or a year is stored as its first day).
ALTER TABLE events ADD COLUMN IF NOT EXISTS date_precision VARCHAR;

-- Location details of a mention the mentions table has no column for (GDELT geo type, FeatureID).
CREATE TABLE IF NOT EXISTS mention_geo (
    mention_id VARCHAR PRIMARY KEY,  -- mentions.id
    feature VARCHAR,                 -- "country", "admin1", "city", "landmark"
    geonameid BIGINT
);

-- Articles kept with a problem worth knowing, e.g. a publication date that could not be read
-- (the article is stored without a date and the raw value is named here).
CREATE TABLE IF NOT EXISTS ingest_warnings (
    id VARCHAR PRIMARY KEY,          -- hash of (origin, message)
    origin VARCHAR,                  -- file:line
    article_id VARCHAR,
    message VARCHAR,
    warned_at TIMESTAMP DEFAULT current_timestamp
);

