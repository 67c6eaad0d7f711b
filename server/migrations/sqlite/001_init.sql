-- Weekly reports: exactly the fields of lib/report/payload.ts. No IP, no user agent, no receipt time.
CREATE TABLE reports (
  report_id TEXT PRIMARY KEY,
  week TEXT NOT NULL CHECK (length(week) = 8),
  role TEXT NOT NULL CHECK (role IN ('agent', 'elected', 'ambassador', 'webmaster')),
  team TEXT CHECK (team IS NULL OR length(team) BETWEEN 2 AND 32),
  active_days INTEGER NOT NULL CHECK (active_days BETWEEN 0 AND 7),
  guide_opened_this_week INTEGER NOT NULL CHECK (guide_opened_this_week IN (0, 1)),
  guide_opened_ever INTEGER NOT NULL CHECK (guide_opened_ever IN (0, 1)),
  charter_acknowledged INTEGER NOT NULL CHECK (charter_acknowledged IN (0, 1)),
  tips_shown INTEGER NOT NULL CHECK (tips_shown BETWEEN 0 AND 1000),
  -- JSON array of tip ids.
  tips_adopted TEXT NOT NULL,
  weight_band TEXT CHECK (weight_band IS NULL OR weight_band IN ('<100MB', '100MB-1GB', '1-5GB', '>5GB'))
) WITHOUT ROWID;
CREATE INDEX reports_week ON reports (week);

CREATE TABLE awareness_actions (
  id INTEGER PRIMARY KEY,
  day TEXT NOT NULL,
  week TEXT NOT NULL,
  kind TEXT NOT NULL,
  audience TEXT NOT NULL,
  attendees INTEGER NOT NULL CHECK (attendees >= 0),
  team TEXT
);
CREATE INDEX awareness_actions_week ON awareness_actions (week);

-- Only SHA-256 hashes of tokens; created_week rather than a timestamp, like everything else here.
CREATE TABLE tokens (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('enrollment', 'admin', 'team')),
  team TEXT,
  hash TEXT NOT NULL UNIQUE,
  created_week TEXT NOT NULL,
  CHECK ((kind = 'team') = (team IS NOT NULL))
);
