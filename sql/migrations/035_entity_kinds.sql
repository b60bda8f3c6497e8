-- +goose Up
-- Owned by package queue. Tips are also linked by the parcels, bank cards and
-- Alipay accounts they name: a dealer who posts by courier or is paid by
-- transfer is found again through those, as through a phone.
ALTER TABLE entities DROP CONSTRAINT entities_kind_check;
ALTER TABLE entities ADD CONSTRAINT entities_kind_check
    CHECK (kind IN ('phone', 'telegram', 'wechat', 'plate', 'url', 'parcel', 'bank_card', 'alipay'));

-- +goose Down
DELETE FROM entities WHERE kind IN ('parcel', 'bank_card', 'alipay');
ALTER TABLE entities DROP CONSTRAINT entities_kind_check;
ALTER TABLE entities ADD CONSTRAINT entities_kind_check
    CHECK (kind IN ('phone', 'telegram', 'wechat', 'plate', 'url'));
