-- Weekly reports: exactly the fields of lib/report/payload.ts. No IP, no user agent, no receipt time.
CREATE TABLE reports (
  report_id UUID PRIMARY KEY,
  week CHAR(8) NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('agent', 'elected', 'ambassador', 'webmaster')),
  team TEXT CHECK (team IS NULL OR length(team) BETWEEN 2 AND 32),
  active_days SMALLINT NOT NULL CHECK (active_days BETWEEN 0 AND 7),
  guide_opened_this_week BOOLEAN NOT NULL,
  guide_opened_ever BOOLEAN NOT NULL,
  charter_acknowledged BOOLEAN NOT NULL,
  tips_shown SMALLINT NOT NULL CHECK (tips_shown BETWEEN 0 AND 1000),
  tips_adopted TEXT[] NOT NULL,
  weight_band TEXT CHECK (weight_band IS NULL OR weight_band IN ('<100MB', '100MB-1GB', '1-5GB', '>5GB'))
);
CREATE INDEX reports_week ON reports (week);

CREATE TABLE awareness_actions (
  id SERIAL PRIMARY KEY,
  day DATE NOT NULL,
  week CHAR(8) NOT NULL,
  kind TEXT NOT NULL,
  audience TEXT NOT NULL,
  attendees INTEGER NOT NULL CHECK (attendees >= 0),
  team TEXT
);
CREATE INDEX awareness_actions_week ON awareness_actions (week);

-- Only SHA-256 hashes of tokens; created_week rather than a timestamp, like everything else here.
CREATE TABLE tokens (
  id SERIAL PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('enrollment', 'admin', 'team')),
  team TEXT,
  hash CHAR(64) NOT NULL UNIQUE,
  created_week CHAR(8) NOT NULL,
  CHECK ((kind = 'team') = (team IS NOT NULL))
);
