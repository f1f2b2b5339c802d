-- A jurisdiction carries its country: region 01 is Østfold in Norway and Stockholms län
-- in Sweden, municipality 0136 Rygge and Haninge. Every account but an administrator's
-- belongs to one country. Accounts made before this migration are placed in the country
-- of the scenarios that hold their region or municipality code, Sweden when the code is
-- in both or neither (the national and partner accounts of earlier stores were Swedish).
ALTER TABLE users ADD COLUMN country TEXT CHECK (country IN ('SE', 'NO'));

UPDATE users SET country = CASE
    WHEN role = 'administrator' THEN NULL
    WHEN role = 'municipality'
         AND EXISTS (SELECT 1 FROM municipalities m JOIN scenarios s ON s.id = m.scenario_id
                     WHERE m.code = users.jurisdiction AND s.country = 'NO')
         AND NOT EXISTS (SELECT 1 FROM municipalities m JOIN scenarios s ON s.id = m.scenario_id
                         WHERE m.code = users.jurisdiction AND s.country = 'SE') THEN 'NO'
    WHEN role = 'region'
         AND EXISTS (SELECT 1 FROM regions r JOIN scenarios s ON s.id = r.scenario_id
                     WHERE r.code = users.jurisdiction AND s.country = 'NO')
         AND NOT EXISTS (SELECT 1 FROM regions r JOIN scenarios s ON s.id = r.scenario_id
                         WHERE r.code = users.jurisdiction AND s.country = 'SE') THEN 'NO'
    ELSE 'SE'
END;
