-- IMDi's request criteria beyond population and employment: the share of the
-- introduction programme's participants in work or education a year after it, and the
-- upper-secondary school places open to newly arrived young people.
ALTER TABLE municipalities ADD COLUMN introduction_result_rate REAL
    CHECK (introduction_result_rate BETWEEN 0 AND 1);
ALTER TABLE municipalities ADD COLUMN upper_secondary_places INTEGER
    CHECK (upper_secondary_places >= 0);
