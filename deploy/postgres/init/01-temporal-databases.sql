-- Run once by the postgres image's entrypoint when the `postgres-data` volume is first initialised,
-- as POSTGRES_USER (`trawl`) connected to POSTGRES_DB (`trawl`, Trawl's own database, created by the image).
-- These are the two databases of the Temporal service: persistence and SQL visibility. The `temporal`
-- service runs with SKIP_DB_CREATE=true and creates/upgrades their schemas itself at every start.
-- (An existing volume is not re-initialised: to add these to an old volume run the statements by hand.)
CREATE DATABASE temporal;
CREATE DATABASE temporal_visibility;
