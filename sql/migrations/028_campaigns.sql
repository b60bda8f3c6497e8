-- +goose Up
-- Outreach campaigns (宣传活动). Owned by package campaign. A campaign is known
-- to citizens only by its signed code on a poster; a report that starts from
-- one carries it to the tip (tips.campaign_id) and to nothing that describes
-- the reporter: not bot_reporters, drafts' owners, limits, blocks or logs.
CREATE TABLE campaigns (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL CHECK (char_length(btrim(name)) BETWEEN 1 AND 100),
    -- A configured kind (campaigns.kinds) and town (areas): all an officer
    -- reading a tip learns of its campaign.
    kind        text NOT NULL CHECK (kind ~ '^[a-z0-9_]{1,32}$'),
    area_code   text NOT NULL CHECK (area_code ~ '^[a-z0-9_]{1,32}$'),
    starts_on   date,
    ends_on     date,
    notes       text NOT NULL DEFAULT '' CHECK (char_length(notes) <= 2000),
    -- Whether the poster also carries the bot's t.me link.
    telegram    boolean NOT NULL DEFAULT false,
    -- An archived campaign's code no longer attributes new reports; the tips
    -- it brought stay counted.
    archived_at timestamptz,
    created_by  bigint REFERENCES officers(id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on >= starts_on)
);

ALTER TABLE tips ADD COLUMN campaign_id bigint REFERENCES campaigns(id);

-- The campaigns page counts a period's tips per campaign: only attributed
-- tips are indexed, so the index costs nothing for the others.
CREATE INDEX tips_campaign_created ON tips (created_at, campaign_id) INCLUDE (category, resolution, kind)
    WHERE campaign_id IS NOT NULL;

-- +goose Down
DROP INDEX tips_campaign_created;
ALTER TABLE tips DROP COLUMN campaign_id;
DROP TABLE campaigns;
