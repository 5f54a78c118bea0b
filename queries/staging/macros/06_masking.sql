-- Personal data in free text (docs/metrics.md, "Personal data in free text"): masked_text(p_text,
-- p_citizen_name) is the text with the item's own citizen name (any case, whole words), phone numbers
-- (0, 84, +84 or (+84) and 9-10 more digits, with spaces, dots or dashes between) and a title followed
-- by a capitalised full name ("ông Nguyễn Văn A") masked. The queries that show an item's summary
-- (feedback_items, feedback_open_items, feedback_held_items, feedback_contacts) call it unless the
-- account may read the text as written. Depends on nothing but DuckDB's own functions.
create or replace macro masked_text(p_text, p_citizen_name) as
regexp_replace(regexp_replace(
    list_transform([{'s': nfc_normalize(p_text), 'n': nfc_normalize(trim(coalesce(p_citizen_name, '')))}],
        lambda v: case when v.n = '' or strpos(lower(v.s), lower(v.n)) = 0 then v.s else
        -- The text cut at each case-blind occurrence of the name, put back with "[họ tên]"
        -- where the occurrence is a whole word (no letter or digit on either side).
        list_transform([string_split(lower(v.s), lower(v.n))], lambda parts:
            array_to_string(list_transform(parts, lambda part, i:
                list_transform([coalesce(list_sum(list_transform(parts[1:i - 1], lambda q: length(q))), 0)::bigint
                                + (i - 1) * length(v.n)], lambda start:
                    substr(v.s, start + 1, length(part))
                    || case when i = len(parts) then ''
                            when lower(right(part, 1)) <> upper(right(part, 1)) or right(part, 1) between '0' and '9'
                              or lower(left(parts[i + 1], 1)) <> upper(left(parts[i + 1], 1))
                              or left(parts[i + 1], 1) between '0' and '9'
                            then substr(v.s, start + length(part) + 1, length(v.n))
                            else '[họ tên]' end)[1]), ''))[1]
        end)[1],
    '(^|[^0-9.,])(\+\s?84|\(\+84\)\s?|84|0)([\s.\-]?[0-9]){9,10}[0-9]*', '\1[SĐT]', 'g'),
    '(^|[^\pL])((?i:ông|bà|anh|chị|cô|chú|cụ|em)\s+)\p{Lu}\pL*(\s+\p{Lu}\pL*)+', '\1\2[họ tên]', 'g');
