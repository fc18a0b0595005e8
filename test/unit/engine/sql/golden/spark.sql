-- salesgrade MetricTable v2 for rubric "differential" (spark)
-- period: quarter, fiscal year from month 4; money and numbers as DECIMAL(38, 4); from crm.activities
-- metrics: amount_max, avg_deal, big, calls, csat_avg, csat_max, csat_min, customers, deals_closed, deals_won, late, new_customers, no_customer, revenue, small, units_5, units_big, units_sum, visits, win_rate
WITH sg_src_rows AS (
  SELECT
    CAST(sg_src.`Owner` AS STRING) AS sg_rep_raw,
    CAST(sg_src.`Team` AS STRING) AS sg_team_raw,
    CAST(sg_src.`Region` AS STRING) AS sg_region_raw,
    CAST(sg_src.`Close Date` AS DATE) AS sg_d0,
    CAST(sg_src.`Date` AS DATE) AS sg_d1,
    COALESCE((sg_src.`Amount` IS NOT NULL AND (sg_src.`Amount` >= CAST('5000' AS DECIMAL(38, 18)))), FALSE) AND COALESCE(NOT (NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Stage` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '') IS NOT NULL AND (LOWER(NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Stage` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '')) = 'lost')), FALSE) AS sg_w0,
    COALESCE(NOT (NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Kind` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '') IS NOT NULL AND ((LOWER(NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Kind` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '')) = 'visit') OR (LOWER(NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Kind` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '')) = 'meeting'))), FALSE) AS sg_w1,
    COALESCE((NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Kind` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '') IS NULL), FALSE) AS sg_w2,
    COALESCE((sg_src.`CSAT` IS NOT NULL), FALSE) AS sg_w3,
    COALESCE((NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Stage` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '') IS NOT NULL AND ((LOWER(NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Stage` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '')) = 'won') OR (LOWER(NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Stage` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '')) = 'lost'))), FALSE) AS sg_w4,
    COALESCE((NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Stage` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '') IS NOT NULL AND (LOWER(NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Stage` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '')) = 'won')), FALSE) AS sg_w5,
    COALESCE(((date_format(CAST(sg_src.`Date` AS DATE), 'yyyy-MM-dd') IS NOT NULL AND (date_format(CAST(sg_src.`Date` AS DATE), 'yyyy-MM-dd') >= '2025-10-01')) AND (date_format(CAST(sg_src.`Date` AS DATE), 'yyyy-MM-dd') IS NOT NULL AND (date_format(CAST(sg_src.`Date` AS DATE), 'yyyy-MM-dd') <= '2026-03-31'))), FALSE) AS sg_w6,
    COALESCE((NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Stage` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '') IS NOT NULL AND (LOWER(NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Stage` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '')) = 'won')), FALSE) AS sg_w7,
    COALESCE((NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Account` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '') IS NULL), FALSE) AS sg_w8,
    COALESCE((NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Stage` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '') IS NOT NULL AND ((LOWER(NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Stage` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '')) = 'won'))), FALSE) AS sg_w9,
    COALESCE(((sg_src.`Amount` IS NOT NULL AND (sg_src.`Amount` > CAST('-100' AS DECIMAL(38, 18)))) AND (sg_src.`Amount` IS NOT NULL AND (sg_src.`Amount` < CAST('100.5' AS DECIMAL(38, 18))))), FALSE) AS sg_w10,
    COALESCE((NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Units` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '') IS NOT NULL AND (CASE WHEN (NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Units` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '') RLIKE '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$') THEN CAST(NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Units` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '') AS DECIMAL(38, 18)) = CAST('5' AS DECIMAL(38, 18)) ELSE LOWER(NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Units` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '')) = '5' END)), FALSE) AS sg_w11,
    COALESCE((NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Units` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '') IS NOT NULL AND (CASE WHEN (NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Units` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '') RLIKE '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$') THEN CAST(NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Units` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '') AS DECIMAL(38, 18)) > CAST('4' AS DECIMAL(38, 18)) ELSE FALSE END)), FALSE) AS sg_w12,
    COALESCE(NOT (NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Kind` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '') IS NOT NULL AND (LOWER(NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Kind` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '')) = 'call')), FALSE) AS sg_w13,
    CASE WHEN COALESCE(CAST(sg_src.`Amount` AS DECIMAL(38, 4)) <> sg_src.`Amount`, FALSE) OR COALESCE(CAST(sg_src.`CSAT` AS DECIMAL(38, 4)) <> sg_src.`CSAT`, FALSE) THEN 1 ELSE 0 END AS sg_rounded,
    CAST(sg_src.`Amount` AS DECIMAL(38, 4)) AS sg_v0,
    CAST(sg_src.`CSAT` AS DECIMAL(38, 4)) AS sg_v3,
    CAST(sg_src.`CSAT` AS DECIMAL(38, 4)) AS sg_v4,
    CAST(sg_src.`CSAT` AS DECIMAL(38, 4)) AS sg_v5,
    NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Account` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '') AS sg_v6,
    NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Account` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '') AS sg_v10,
    CAST(sg_src.`Amount` AS DECIMAL(38, 4)) AS sg_v12,
    CASE WHEN (NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Units` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '') RLIKE '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)$') THEN CAST(NULLIF(TRIM(regexp_replace(regexp_replace(CAST(sg_src.`Units` AS STRING), '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '') AS DECIMAL(38, 4)) END AS sg_v16
  FROM crm.activities AS sg_src
),
sg_labeled AS (
  SELECT sg_src_rows.*, ((CAST(EXTRACT(YEAR FROM sg_d0) AS INT) + CASE WHEN CAST(EXTRACT(MONTH FROM sg_d0) AS INT) >= 4 THEN 1 ELSE 0 END) * 10 + CASE CAST(EXTRACT(MONTH FROM sg_d0) AS INT) WHEN 1 THEN 4 WHEN 2 THEN 4 WHEN 3 THEN 4 WHEN 4 THEN 1 WHEN 5 THEN 1 WHEN 6 THEN 1 WHEN 7 THEN 2 WHEN 8 THEN 2 WHEN 9 THEN 2 WHEN 10 THEN 3 WHEN 11 THEN 3 WHEN 12 THEN 3 END) AS sg_k0, ((CAST(EXTRACT(YEAR FROM sg_d1) AS INT) + CASE WHEN CAST(EXTRACT(MONTH FROM sg_d1) AS INT) >= 4 THEN 1 ELSE 0 END) * 10 + CASE CAST(EXTRACT(MONTH FROM sg_d1) AS INT) WHEN 1 THEN 4 WHEN 2 THEN 4 WHEN 3 THEN 4 WHEN 4 THEN 1 WHEN 5 THEN 1 WHEN 6 THEN 1 WHEN 7 THEN 2 WHEN 8 THEN 2 WHEN 9 THEN 2 WHEN 10 THEN 3 WHEN 11 THEN 3 WHEN 12 THEN 3 END) AS sg_k1, GREATEST(COALESCE(sg_d0, sg_d1), COALESCE(sg_d1, sg_d0)) AS sg_row_date, sg_v0 IS NOT NULL OR sg_w4 OR sg_w5 OR (sg_w7 AND sg_v10 IS NOT NULL) OR (sg_w9 AND sg_v12 IS NOT NULL) AS sg_fed0, sg_w0 OR sg_w1 OR sg_v3 IS NOT NULL OR (sg_w2 AND sg_v4 IS NOT NULL) OR (sg_w3 AND sg_v5 IS NOT NULL) OR sg_v6 IS NOT NULL OR sg_w6 OR sg_w8 OR sg_w10 OR sg_w11 OR sg_w12 OR sg_v16 IS NOT NULL OR sg_w13 AS sg_fed1, CASE WHEN sg_v6 IS NOT NULL THEN sg_v6 END AS sg_dv6, CASE WHEN sg_w7 AND sg_v10 IS NOT NULL THEN sg_v10 END AS sg_dv10
  FROM sg_src_rows
),
sg_pre AS (
  SELECT sg_rep_raw, sg_team_raw, sg_region_raw, sg_k0, sg_k1, sg_fed0, sg_fed1, sg_dv6, sg_dv10, COUNT(*) AS sg_n, SUM(sg_rounded) AS sg_rounded_n, MIN(sg_d0) AS sg_mind0, MAX(sg_d0) AS sg_maxd0, MIN(sg_d1) AS sg_mind1, MAX(sg_d1) AS sg_maxd1, MAX(sg_row_date) AS sg_last, SUM(CASE WHEN sg_v0 IS NOT NULL THEN 1 ELSE 0 END) AS sg_n0, MAX(CASE WHEN sg_v0 IS NOT NULL THEN sg_v0 END) AS sg_s0, SUM(CASE WHEN sg_w0 THEN 1 ELSE 0 END) AS sg_n1, SUM(CASE WHEN sg_w1 THEN 1 ELSE 0 END) AS sg_n2, SUM(CASE WHEN sg_v3 IS NOT NULL THEN 1 ELSE 0 END) AS sg_n3, SUM(CASE WHEN sg_v3 IS NOT NULL THEN sg_v3 END) AS sg_s3, SUM(CASE WHEN sg_w2 AND sg_v4 IS NOT NULL THEN 1 ELSE 0 END) AS sg_n4, MAX(CASE WHEN sg_w2 AND sg_v4 IS NOT NULL THEN sg_v4 END) AS sg_s4, SUM(CASE WHEN sg_w3 AND sg_v5 IS NOT NULL THEN 1 ELSE 0 END) AS sg_n5, MIN(CASE WHEN sg_w3 AND sg_v5 IS NOT NULL THEN sg_v5 END) AS sg_s5, SUM(CASE WHEN sg_v6 IS NOT NULL THEN 1 ELSE 0 END) AS sg_n6, SUM(CASE WHEN sg_w4 THEN 1 ELSE 0 END) AS sg_n7, SUM(CASE WHEN sg_w5 THEN 1 ELSE 0 END) AS sg_n8, SUM(CASE WHEN sg_w6 THEN 1 ELSE 0 END) AS sg_n9, SUM(CASE WHEN sg_w7 AND sg_v10 IS NOT NULL THEN 1 ELSE 0 END) AS sg_n10, SUM(CASE WHEN sg_w8 THEN 1 ELSE 0 END) AS sg_n11, SUM(CASE WHEN sg_w9 AND sg_v12 IS NOT NULL THEN 1 ELSE 0 END) AS sg_n12, SUM(CASE WHEN sg_w9 AND sg_v12 IS NOT NULL THEN sg_v12 END) AS sg_s12, SUM(CASE WHEN sg_w10 THEN 1 ELSE 0 END) AS sg_n13, SUM(CASE WHEN sg_w11 THEN 1 ELSE 0 END) AS sg_n14, SUM(CASE WHEN sg_w12 THEN 1 ELSE 0 END) AS sg_n15, SUM(CASE WHEN sg_v16 IS NOT NULL THEN 1 ELSE 0 END) AS sg_n16, SUM(CASE WHEN sg_v16 IS NOT NULL THEN sg_v16 END) AS sg_s16, SUM(CASE WHEN sg_w13 THEN 1 ELSE 0 END) AS sg_n17
  FROM sg_labeled
  GROUP BY sg_rep_raw, sg_team_raw, sg_region_raw, sg_k0, sg_k1, sg_fed0, sg_fed1, sg_dv6, sg_dv10
),
sg_periods AS (
  SELECT sg_pre.*, NULLIF(TRIM(regexp_replace(regexp_replace(sg_rep_raw, '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '') AS sg_rep, NULLIF(TRIM(regexp_replace(regexp_replace(sg_team_raw, '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '') AS sg_team_data, NULLIF(TRIM(regexp_replace(regexp_replace(sg_region_raw, '[\\x{0000}-\\x{0008}\\x{000E}-\\x{001F}\\x{007F}-\\x{009F}\\x{00AD}\\x{061C}\\x{180E}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{2064}\\x{2066}-\\x{206F}\\x{FEFF}\\x{FFF9}-\\x{FFFB}\\x{FFFE}-\\x{FFFF}]', ''), '[\\x{0009}-\\x{000D}\\x{0020}\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}-\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+', ' ')), '') AS sg_region_data, CASE WHEN sg_mind0 IS NOT NULL THEN 'FY' || LPAD(CAST((CAST(EXTRACT(YEAR FROM sg_mind0) AS INT) + CASE WHEN CAST(EXTRACT(MONTH FROM sg_mind0) AS INT) >= 4 THEN 1 ELSE 0 END) AS STRING), 4, '0') || '-' || CASE CAST(EXTRACT(MONTH FROM sg_mind0) AS INT) WHEN 1 THEN 'Q4' WHEN 2 THEN 'Q4' WHEN 3 THEN 'Q4' WHEN 4 THEN 'Q1' WHEN 5 THEN 'Q1' WHEN 6 THEN 'Q1' WHEN 7 THEN 'Q2' WHEN 8 THEN 'Q2' WHEN 9 THEN 'Q2' WHEN 10 THEN 'Q3' WHEN 11 THEN 'Q3' WHEN 12 THEN 'Q3' END END AS sg_p0, CASE WHEN sg_mind1 IS NOT NULL THEN 'FY' || LPAD(CAST((CAST(EXTRACT(YEAR FROM sg_mind1) AS INT) + CASE WHEN CAST(EXTRACT(MONTH FROM sg_mind1) AS INT) >= 4 THEN 1 ELSE 0 END) AS STRING), 4, '0') || '-' || CASE CAST(EXTRACT(MONTH FROM sg_mind1) AS INT) WHEN 1 THEN 'Q4' WHEN 2 THEN 'Q4' WHEN 3 THEN 'Q4' WHEN 4 THEN 'Q1' WHEN 5 THEN 'Q1' WHEN 6 THEN 'Q1' WHEN 7 THEN 'Q2' WHEN 8 THEN 'Q2' WHEN 9 THEN 'Q2' WHEN 10 THEN 'Q3' WHEN 11 THEN 'Q3' WHEN 12 THEN 'Q3' END END AS sg_p1
  FROM sg_pre
),
sg_slots AS (
  SELECT sg_periods.*, sg_slot, CASE sg_slot WHEN 0 THEN sg_p0 WHEN 1 THEN sg_p1 END AS sg_period,
    CASE sg_slot WHEN 0 THEN (sg_p0 IS NOT NULL) WHEN 1 THEN (sg_p1 IS NOT NULL AND NOT COALESCE(sg_p0 = sg_p1, FALSE)) END AS sg_first,
    CASE WHEN CASE sg_slot WHEN 0 THEN sg_fed0 OR COALESCE(sg_p1 = sg_p0 AND sg_fed1, FALSE) WHEN 1 THEN sg_fed1 OR COALESCE(sg_p0 = sg_p1 AND sg_fed0, FALSE) END THEN sg_n ELSE 0 END AS sg_fed_n, CASE sg_slot WHEN 0 THEN sg_mind0 WHEN 1 THEN sg_mind1 END AS sg_min_date, CASE sg_slot WHEN 0 THEN sg_maxd0 WHEN 1 THEN sg_maxd1 END AS sg_max_date,
    CASE WHEN sg_rep IS NULL THEN 'no-rep' WHEN CASE sg_slot WHEN 0 THEN sg_p0 WHEN 1 THEN sg_p1 END IS NULL THEN 'no-date' ELSE 'rep' END AS sg_level
  FROM sg_periods CROSS JOIN (SELECT 0 AS sg_slot UNION ALL SELECT 1 AS sg_slot) AS sg_slot_list
),
sg_team_pick AS (
  SELECT sg_rep, sg_period, sg_name FROM (
    SELECT sg_rep, sg_period, sg_name, ROW_NUMBER() OVER (PARTITION BY sg_rep, sg_period ORDER BY sg_n DESC, sg_last DESC, sg_name ASC) AS sg_rank
    FROM (
      SELECT sg_rep, sg_period, sg_team_data AS sg_name, SUM(sg_n) AS sg_n, MAX(sg_last) AS sg_last
      FROM sg_slots
      WHERE sg_first AND sg_level = 'rep' AND sg_team_data IS NOT NULL
      GROUP BY sg_rep, sg_period, sg_team_data
    ) AS sg_tally
  ) AS sg_ranked WHERE sg_rank = 1
),
sg_region_pick AS (
  SELECT sg_rep, sg_period, sg_name FROM (
    SELECT sg_rep, sg_period, sg_name, ROW_NUMBER() OVER (PARTITION BY sg_rep, sg_period ORDER BY sg_n DESC, sg_last DESC, sg_name ASC) AS sg_rank
    FROM (
      SELECT sg_rep, sg_period, sg_region_data AS sg_name, SUM(sg_n) AS sg_n, MAX(sg_last) AS sg_last
      FROM sg_slots
      WHERE sg_first AND sg_level = 'rep' AND sg_region_data IS NOT NULL
      GROUP BY sg_rep, sg_period, sg_region_data
    ) AS sg_tally
  ) AS sg_ranked WHERE sg_rank = 1
),
sg_roster AS (
  SELECT `rep` AS sg_rep, `team` AS sg_team, `region` AS sg_region FROM (VALUES ('Rep \'O', 'East\\1', 'North'),
    ('Rep 002', CAST(NULL AS STRING), CAST(NULL AS STRING))) AS sg_values(`rep`, `team`, `region`)
),
sg_placed AS (
  SELECT sg_slots.*, COALESCE(sg_roster.sg_team, CASE WHEN LOWER(TRIM(sg_team_pick.sg_name)) IN ('(unassigned)', '（未分配）') THEN sg_team_pick.sg_name || ' [data]' ELSE sg_team_pick.sg_name END, '(unassigned)') AS sg_team, COALESCE(sg_roster.sg_region, CASE WHEN LOWER(TRIM(sg_region_pick.sg_name)) IN ('(unassigned)', '（未分配）') THEN sg_region_pick.sg_name || ' [data]' ELSE sg_region_pick.sg_name END, '(unassigned)') AS sg_region
  FROM sg_slots
  LEFT JOIN sg_roster ON sg_roster.sg_rep = sg_slots.sg_rep
  LEFT JOIN sg_team_pick ON sg_team_pick.sg_rep = sg_slots.sg_rep AND sg_team_pick.sg_period = sg_slots.sg_period
  LEFT JOIN sg_region_pick ON sg_region_pick.sg_rep = sg_slots.sg_rep AND sg_region_pick.sg_period = sg_slots.sg_period
  WHERE sg_slots.sg_level = 'rep' AND sg_slots.sg_period IN ('FY2026-Q1', 'FY2026-Q2')
),
sg_unplaced AS (
  SELECT sg_slots.*
  FROM sg_slots
  WHERE (sg_level = 'no-rep' AND (sg_period IS NULL OR sg_period IN ('FY2026-Q1', 'FY2026-Q2'))) OR sg_level = 'no-date'
)
SELECT
  CASE WHEN GROUPING(sg_rep) = 0 THEN 'rep' WHEN GROUPING(sg_team) = 0 THEN 'team' WHEN GROUPING(sg_region) = 0 THEN 'region' ELSE 'company' END AS `level`,
  sg_period AS `period`,
  CASE WHEN GROUPING(sg_rep) = 0 THEN sg_rep END AS `rep`,
  CASE WHEN GROUPING(sg_team) = 0 THEN sg_team END AS `team`,
  CASE WHEN GROUPING(sg_region) = 0 THEN sg_region END AS `region`,
  SUM(CASE WHEN sg_first THEN sg_n ELSE 0 END) AS `rows`,
  SUM(CASE WHEN sg_first THEN sg_rounded_n ELSE 0 END) AS `rounded`,
  SUM(CASE WHEN sg_first THEN sg_fed_n ELSE 0 END) AS `fed_rows`,
  date_format(MIN(sg_min_date), 'yyyy-MM-dd') AS `first_date`,
  date_format(MAX(sg_max_date), 'yyyy-MM-dd') AS `last_date`,
  SUM(CASE WHEN sg_slot = 0 THEN sg_n0 ELSE 0 END) AS `amount_max__rows`,
  MAX(CASE WHEN sg_slot = 0 THEN sg_s0 END) AS `amount_max__max`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n1 ELSE 0 END) AS `big__rows`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n2 ELSE 0 END) AS `calls__rows`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n3 ELSE 0 END) AS `csat_avg__rows`,
  COALESCE(SUM(CASE WHEN sg_slot = 1 THEN sg_s3 END), CAST(0 AS DECIMAL(38, 4))) AS `csat_avg__sum`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n4 ELSE 0 END) AS `csat_max__rows`,
  MAX(CASE WHEN sg_slot = 1 THEN sg_s4 END) AS `csat_max__max`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n5 ELSE 0 END) AS `csat_min__rows`,
  MIN(CASE WHEN sg_slot = 1 THEN sg_s5 END) AS `csat_min__min`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n6 ELSE 0 END) AS `customers__rows`,
  COUNT(DISTINCT CASE WHEN sg_slot = 1 THEN sg_dv6 END) AS `customers__distinct`,
  SUM(CASE WHEN sg_slot = 0 THEN sg_n7 ELSE 0 END) AS `deals_closed__rows`,
  SUM(CASE WHEN sg_slot = 0 THEN sg_n8 ELSE 0 END) AS `deals_won__rows`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n9 ELSE 0 END) AS `late__rows`,
  SUM(CASE WHEN sg_slot = 0 THEN sg_n10 ELSE 0 END) AS `new_customers__rows`,
  COUNT(DISTINCT CASE WHEN sg_slot = 0 THEN sg_dv10 END) AS `new_customers__distinct`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n11 ELSE 0 END) AS `no_customer__rows`,
  SUM(CASE WHEN sg_slot = 0 THEN sg_n12 ELSE 0 END) AS `revenue__rows`,
  COALESCE(SUM(CASE WHEN sg_slot = 0 THEN sg_s12 END), CAST(0 AS DECIMAL(38, 4))) AS `revenue__sum`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n13 ELSE 0 END) AS `small__rows`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n14 ELSE 0 END) AS `units_5__rows`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n15 ELSE 0 END) AS `units_big__rows`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n16 ELSE 0 END) AS `units_sum__rows`,
  COALESCE(SUM(CASE WHEN sg_slot = 1 THEN sg_s16 END), CAST(0 AS DECIMAL(38, 4))) AS `units_sum__sum`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n17 ELSE 0 END) AS `visits__rows`
FROM sg_placed
GROUP BY GROUPING SETS ((sg_period, sg_rep, sg_team, sg_region), (sg_period, sg_team), (sg_period, sg_region), (sg_period))
UNION ALL
SELECT sg_level, sg_period, CAST(NULL AS STRING), CAST(NULL AS STRING), CAST(NULL AS STRING),
  SUM(CASE WHEN (sg_slot = 0 AND sg_p0 IS NOT NULL) OR (sg_slot = 1 AND sg_p1 IS NOT NULL AND sg_p0 IS NULL) OR (sg_slot = 0 AND sg_p0 IS NULL AND sg_p1 IS NULL) THEN sg_n ELSE 0 END) AS `rows`,
  SUM(CASE WHEN (sg_slot = 0 AND sg_p0 IS NOT NULL) OR (sg_slot = 1 AND sg_p1 IS NOT NULL AND sg_p0 IS NULL) OR (sg_slot = 0 AND sg_p0 IS NULL AND sg_p1 IS NULL) THEN sg_rounded_n ELSE 0 END) AS `rounded`,
  SUM(CASE WHEN sg_first THEN sg_fed_n ELSE 0 END) AS `fed_rows`,
  date_format(MIN(sg_min_date), 'yyyy-MM-dd') AS `first_date`,
  date_format(MAX(sg_max_date), 'yyyy-MM-dd') AS `last_date`,
  SUM(CASE WHEN sg_slot = 0 THEN sg_n0 ELSE 0 END) AS `amount_max__rows`,
  MAX(CASE WHEN sg_slot = 0 THEN sg_s0 END) AS `amount_max__max`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n1 ELSE 0 END) AS `big__rows`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n2 ELSE 0 END) AS `calls__rows`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n3 ELSE 0 END) AS `csat_avg__rows`,
  COALESCE(SUM(CASE WHEN sg_slot = 1 THEN sg_s3 END), CAST(0 AS DECIMAL(38, 4))) AS `csat_avg__sum`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n4 ELSE 0 END) AS `csat_max__rows`,
  MAX(CASE WHEN sg_slot = 1 THEN sg_s4 END) AS `csat_max__max`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n5 ELSE 0 END) AS `csat_min__rows`,
  MIN(CASE WHEN sg_slot = 1 THEN sg_s5 END) AS `csat_min__min`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n6 ELSE 0 END) AS `customers__rows`,
  COUNT(DISTINCT CASE WHEN sg_slot = 1 THEN sg_dv6 END) AS `customers__distinct`,
  SUM(CASE WHEN sg_slot = 0 THEN sg_n7 ELSE 0 END) AS `deals_closed__rows`,
  SUM(CASE WHEN sg_slot = 0 THEN sg_n8 ELSE 0 END) AS `deals_won__rows`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n9 ELSE 0 END) AS `late__rows`,
  SUM(CASE WHEN sg_slot = 0 THEN sg_n10 ELSE 0 END) AS `new_customers__rows`,
  COUNT(DISTINCT CASE WHEN sg_slot = 0 THEN sg_dv10 END) AS `new_customers__distinct`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n11 ELSE 0 END) AS `no_customer__rows`,
  SUM(CASE WHEN sg_slot = 0 THEN sg_n12 ELSE 0 END) AS `revenue__rows`,
  COALESCE(SUM(CASE WHEN sg_slot = 0 THEN sg_s12 END), CAST(0 AS DECIMAL(38, 4))) AS `revenue__sum`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n13 ELSE 0 END) AS `small__rows`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n14 ELSE 0 END) AS `units_5__rows`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n15 ELSE 0 END) AS `units_big__rows`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n16 ELSE 0 END) AS `units_sum__rows`,
  COALESCE(SUM(CASE WHEN sg_slot = 1 THEN sg_s16 END), CAST(0 AS DECIMAL(38, 4))) AS `units_sum__sum`,
  SUM(CASE WHEN sg_slot = 1 THEN sg_n17 ELSE 0 END) AS `visits__rows`
FROM sg_unplaced
GROUP BY sg_level, sg_period
ORDER BY 1, 2, 3, 4, 5
