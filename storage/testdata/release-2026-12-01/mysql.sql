/*M!999999\- enable the sandbox mode */ 
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `audit_events` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `at` datetime(6) NOT NULL,
  `actor` varchar(64) NOT NULL,
  `action` varchar(64) NOT NULL,
  `method` varchar(8) NOT NULL,
  `path` varchar(255) NOT NULL,
  `request_id` varchar(64) NOT NULL,
  `detail` mediumtext NOT NULL,
  PRIMARY KEY (`id`),
  KEY `idx_audit_events_at` (`at`),
  KEY `idx_audit_events_actor` (`actor`),
  KEY `idx_audit_events_action` (`action`),
  KEY `idx_audit_events_request_id` (`request_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
/*!40101 SET character_set_client = @saved_cs_client */;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `book_declarations` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `complete` tinyint(1) NOT NULL,
  `as_of` varchar(10) NOT NULL,
  `declared_by` varchar(64) NOT NULL,
  `declared_at` datetime(6) NOT NULL,
  `note` varchar(500) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
/*!40101 SET character_set_client = @saved_cs_client */;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `book_totals_v2` (
  `branch_id` varchar(32) NOT NULL,
  `industry_code` varchar(8) NOT NULL,
  `green` tinyint(1) NOT NULL,
  `applicant_kind` varchar(24) NOT NULL,
  `real_estate_purpose` varchar(24) NOT NULL,
  `quasi_real_estate` tinyint(1) NOT NULL,
  `balance_fen` bigint(20) NOT NULL,
  PRIMARY KEY (`branch_id`,`industry_code`,`green`,`applicant_kind`,`real_estate_purpose`,`quasi_real_estate`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `book_totals_v2` VALUES ('YY-LC-01','A0111',0,'enterprise','none',0,19900000);
INSERT INTO `book_totals_v2` VALUES ('YY-LC-01','C3011',0,'enterprise','none',0,59900000);
INSERT INTO `book_totals_v2` VALUES ('YY-LC-01','C3120',0,'enterprise','none',0,69900000);
INSERT INTO `book_totals_v2` VALUES ('YY-LC-01','G5411',1,'enterprise','none',0,39900000);
INSERT INTO `book_totals_v2` VALUES ('YY-LC-01','I6511',0,'enterprise','none',0,29900000);
INSERT INTO `book_totals_v2` VALUES ('YY-LC-01','J6621',0,'enterprise','none',0,49900000);
INSERT INTO `book_totals_v2` VALUES ('YY-LC-01','N7721',1,'enterprise','none',0,9900000);
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `checkpoint_locks` (
  `id` bigint(20) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `checkpoint_locks` VALUES (1);
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `checkpoints` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `size` bigint(20) NOT NULL,
  `root` varchar(64) NOT NULL,
  `registry` mediumtext NOT NULL,
  `note` text NOT NULL,
  `created_at` datetime(6) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `idx_checkpoints_size` (`size`)
) ENGINE=InnoDB AUTO_INCREMENT=3 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `checkpoints` VALUES (1,13,'6f331fa718592abd0cb892e694f72744b57043fd0adaad60ff6c2630aeca720a','[{\"chain_id\":\"reviews\",\"kind\":\"review\",\"seq\":3,\"hash\":\"9a3a6df6805999755f667cbd0d91e08931b6dbf57ac19a1d223719a1edc07568\"},{\"chain_id\":\"test-20261206T080218.554253Z-927c2c3c\",\"kind\":\"decision\",\"seq\":10,\"hash\":\"81a54c51dd0f91ad1320fcc9dfb87c1bb67c963c3d70a22cadb151e50fc20750\"}]','greencredit decision log\n13\nbzMfpxhZKr0MuJLmlPcnRLVwQ/0K2q1g/2wmMK7Kcgo=\n2026-12-06T08:02:18.618045Z\nregistry 700ab64d41d6e0ff3a650da844b4635c72c075740e633da720f17bc6d5b8124c\n\n— greencredit-test CcMNlEfqF5edjpV2elnnT6g7L4fXTN7zaMaDEuy0hV2oYnWovYowH9CimaRX9jKIp2lNdCJDfIiD+nn1esaSvZIa+gg=\n','2026-12-06 08:02:18.618045');
INSERT INTO `checkpoints` VALUES (2,14,'c426155f5676d6827a50c9edd181b53296a2ddd9b4184ac12e5800345485720c','[{\"chain_id\":\"reviews\",\"kind\":\"review\",\"seq\":3,\"hash\":\"9a3a6df6805999755f667cbd0d91e08931b6dbf57ac19a1d223719a1edc07568\"},{\"chain_id\":\"test-20261206T080218.554253Z-927c2c3c\",\"kind\":\"decision\",\"seq\":11,\"hash\":\"b2924e1ace4713331e10e7906867c2b1d680139a53c3955e7daf1c091975ab29\"}]','greencredit decision log\n14\nxCYVX1Z21oJ6UMnt0YG1Mpai3dm0GErBLlgANFSFcgw=\n2026-12-06T08:02:18.623565Z\nregistry 10f0c90fed44349cf77f7b7a78ca09104f42dada0849d27a52de54ce6bf4f960\n\n— greencredit-test CcMNlIBZS1ffLhjF8rJokb0GOJ0JrHl5N5TXcsjE40hu+LKlZg1chk/DApiscwvFVbuCcBwcCEPdDqlMo2C6p/TWlwc=\n','2026-12-06 08:02:18.623565');
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `decision_chains` (
  `chain_id` varchar(96) NOT NULL,
  `seq` bigint(20) unsigned NOT NULL,
  `hash` varchar(64) NOT NULL,
  `started_at` datetime(6) NOT NULL,
  `updated_at` datetime(6) NOT NULL,
  `registration` text DEFAULT NULL,
  PRIMARY KEY (`chain_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `decision_chains` VALUES ('test-20261206T080218.554253Z-927c2c3c',11,'b2924e1ace4713331e10e7906867c2b1d680139a53c3955e7daf1c091975ab29','2026-12-06 08:02:18.554253','2026-12-06 08:02:18.620682','greencredit chain\ntest-20261206T080218.554253Z-927c2c3c\n2026-12-06T08:02:18.554253Z\n\n— greencredit-test CcMNlGBA8YeZgtWwU131tTvh4ETDb2QpZ6Rxvkn3X1P10DV35GKoTZqXACjRhjldSCaAo2+ux4GxwG+rn8Wa6JpnNQ4=\n');
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `decision_status` (
  `decision_id` varchar(36) NOT NULL,
  `branch_id` varchar(32) NOT NULL,
  `outcome` varchar(8) NOT NULL,
  `decided_at` datetime(6) NOT NULL,
  `state` varchar(24) NOT NULL,
  `final_outcome` varchar(8) NOT NULL,
  `steps` bigint(20) NOT NULL,
  `reviewed_by` varchar(64) NOT NULL,
  `reviewed_at` datetime(6) NOT NULL,
  `first_reviewer` varchar(64) NOT NULL,
  `exception_code` varchar(64) NOT NULL,
  PRIMARY KEY (`decision_id`),
  KEY `idx_decision_status_branch_id` (`branch_id`),
  KEY `idx_status_state_reviewed` (`state`,`reviewed_at`),
  KEY `idx_decision_status_final_outcome` (`final_outcome`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `decision_status` VALUES ('01a24a60-0d3a-7a62-a0a0-1434db68b47b','YY-LC-01','refer','2026-12-06 08:02:18.555064','closed','approve',1,'rev-1','2026-12-06 08:02:18.585364','','');
INSERT INTO `decision_status` VALUES ('01a24a60-0d45-7065-a495-320058160208','YY-LC-01','refer','2026-12-06 08:02:18.565229','closed','approve',1,'rev-1','2026-12-06 08:02:18.586703','','');
INSERT INTO `decision_status` VALUES ('01a24a60-0d46-7c14-806d-638286d4430d','YY-LC-01','refer','2026-12-06 08:02:18.566974','closed','decline',1,'rev-2','2026-12-06 08:02:18.587690','','');
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `decisions` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `decision_id` varchar(36) NOT NULL,
  `application_id` varchar(64) NOT NULL,
  `customer_id` varchar(64) NOT NULL,
  `branch_id` varchar(32) NOT NULL,
  `industry_code` varchar(8) NOT NULL,
  `amount_fen` bigint(20) NOT NULL,
  `loan_kind` varchar(16) NOT NULL,
  `outcome` varchar(8) NOT NULL,
  `stance` varchar(8) NOT NULL,
  `green` tinyint(1) NOT NULL,
  `green_category` varchar(16) NOT NULL,
  `green_category_version` varchar(8) NOT NULL DEFAULT '',
  `existing_balance_fen` bigint(20) NOT NULL,
  `existing_balance_source` varchar(8) NOT NULL,
  `reasons` mediumtext NOT NULL,
  `request` mediumtext NOT NULL,
  `input` mediumtext NOT NULL,
  `result` mediumtext NOT NULL,
  `policy_revision` varchar(64) NOT NULL,
  `policy_digest` varchar(71) NOT NULL,
  `decided_at` datetime(6) NOT NULL,
  `requested_by` varchar(64) NOT NULL,
  `applicant_name_hash` varchar(64) NOT NULL,
  `applicant_id_hash` varchar(64) NOT NULL,
  `chain_id` varchar(96) NOT NULL,
  `seq` bigint(20) unsigned NOT NULL,
  `prev_hash` varchar(64) NOT NULL,
  `hash` varchar(64) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `idx_decisions_decision_id` (`decision_id`),
  UNIQUE KEY `idx_decisions_chain_seq` (`chain_id`,`seq`),
  KEY `idx_decisions_application_id` (`application_id`),
  KEY `idx_decisions_customer_id` (`customer_id`),
  KEY `idx_decisions_branch_decided` (`branch_id`,`decided_at`),
  KEY `idx_decisions_industry_code` (`industry_code`),
  KEY `idx_decisions_outcome_decided` (`outcome`,`decided_at`),
  KEY `idx_decisions_stance_decided` (`stance`,`decided_at`),
  KEY `idx_decisions_policy_revision` (`policy_revision`),
  KEY `idx_decisions_decided_at` (`decided_at`),
  KEY `idx_decisions_requested_by` (`requested_by`),
  KEY `idx_decisions_applicant_name_hash` (`applicant_name_hash`),
  KEY `idx_decisions_applicant_id_hash` (`applicant_id_hash`)
) ENGINE=InnoDB AUTO_INCREMENT=12 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `decisions` VALUES (1,'01a24a60-0d3a-7a62-a0a0-1434db68b47b','FX-00','C-cement','YY-LC-01','C3011',500000000,'new','refer','control',0,'','2025',0,'request','[{\"code\":\"THOS_ADMISSION_REVIEW\",\"message\":\"“两高一剩”行业企业，严格信贷准入，须人工审查\",\"message_en\":\"Two-high-one-surplus industry: strict admission, manual review\",\"clause\":\"四(四)2\",\"outcome\":\"refer\",\"stance\":\"control\",\"evidence\":{\"applicant_kind\":\"enterprise\",\"energy_compliant\":true,\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"lists\":[{\"entries\":[\"C3011\"],\"list\":\"overcapacity\",\"source\":\"国发〔2013〕41号 (steel, cement, electrolytic aluminium, flat glass, shipbuilding); 国发〔2016〕6号 (steel), 国发〔2016〕7号 (coal)\"},{\"entries\":[\"C30\"],\"list\":\"high_energy\",\"source\":\"National Bureau of Statistics: the six energy-intensive industries (C25, C26, C30, C31, C32, D44), with power generation narrowed to fossil generation\"},{\"entries\":[\"C30\"],\"list\":\"high_pollution\",\"source\":\"Former Ministry of Environmental Protection, 2008 list of heavy-polluting industries; Zhejiang\'s six heavy-polluting industries, 浙环发〔2016〕46号《浙江省工业污染防治“十三五”规划》 (铅蓄电池、电镀、印染、造纸、制革、化工)\"}],\"loan_kind\":\"new\",\"project_type\":\"other\"}}]','{\"application_id\":\"FX-00\",\"branch_id\":\"YY-LC-01\",\"applicant\":{\"customer_id\":\"C-cement\",\"name\":\"hmac-sha256:cb25434e23f90c25364f9317e4a117dff8979e789c8cb7d861fae6974037b020\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"C3011\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":\"0.1\",\"existing_balance\":\"0.00\"},\"loan\":{\"amount\":\"5000000.00\",\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 cement\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"}}','{\"application_id\":\"FX-00\",\"branch_id\":\"YY-LC-01\",\"decided_on\":\"2026-12-06\",\"applicant\":{\"customer_id\":\"C-cement\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"C3011\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":0.1,\"existing_balance_fen\":0,\"requested_balance_fen\":0,\"booked_balance_fen\":0},\"loan\":{\"amount_fen\":500000000,\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 cement\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"},\"book\":{\"total_fen\":0,\"thos_fen\":0,\"real_estate_fen\":0,\"personal_housing_fen\":0,\"green_fen\":0,\"complete\":false},\"defaulted\":[\"loan.green_category_version\",\"loan.project_type\",\"loan.real_estate_purpose\"]}','{\"outcome\":\"refer\",\"stance\":\"control\",\"green\":false,\"green_category\":\"\",\"green_category_version\":\"2025\",\"green_evidence\":{\"basis\":\"\",\"claim_plausible\":false,\"claimed_category\":\"\",\"green_category_version\":\"2025\",\"in_force_version\":\"2025\",\"intrinsically_green_industry\":false,\"items_listing_class\":[\"3.2.7\"]},\"reasons\":[{\"code\":\"THOS_ADMISSION_REVIEW\",\"message\":\"“两高一剩”行业企业，严格信贷准入，须人工审查\",\"message_en\":\"Two-high-one-surplus industry: strict admission, manual review\",\"clause\":\"四(四)2\",\"outcome\":\"refer\",\"stance\":\"control\",\"evidence\":{\"applicant_kind\":\"enterprise\",\"energy_compliant\":true,\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"lists\":[{\"entries\":[\"C3011\"],\"list\":\"overcapacity\",\"source\":\"国发〔2013〕41号 (steel, cement, electrolytic aluminium, flat glass, shipbuilding); 国发〔2016〕6号 (steel), 国发〔2016〕7号 (coal)\"},{\"entries\":[\"C30\"],\"list\":\"high_energy\",\"source\":\"National Bureau of Statistics: the six energy-intensive industries (C25, C26, C30, C31, C32, D44), with power generation narrowed to fossil generation\"},{\"entries\":[\"C30\"],\"list\":\"high_pollution\",\"source\":\"Former Ministry of Environmental Protection, 2008 list of heavy-polluting industries; Zhejiang\'s six heavy-polluting industries, 浙环发〔2016〕46号《浙江省工业污染防治“十三五”规划》 (铅蓄电池、电镀、印染、造纸、制革、化工)\"}],\"loan_kind\":\"new\",\"project_type\":\"other\"}}],\"conditions\":[\"exposure counted against the two-high-one-surplus volume cap\"],\"classes\":{\"coarse\":false,\"high_energy\":true,\"high_pollution\":true,\"intrinsically_green\":false,\"overcapacity\":true,\"quasi_real_estate\":false,\"real_estate\":false,\"real_estate_possible\":false,\"renewable\":false,\"renewable_possible\":false,\"supported\":false,\"thos\":true,\"thos_possible\":true}}','2026-12-01.1','sha256:cddc1e41e9990b4c7ff8aad87846bbd2c6c8665251ee6d5cc58718767ebb7773','2026-12-06 08:02:18.555064','officer-a','cb25434e23f90c25364f9317e4a117dff8979e789c8cb7d861fae6974037b020','','test-20261206T080218.554253Z-927c2c3c',1,'','54452a407ba8b90db34e98e99ee99d59cf9d91a5d3479b11fc0464a7cce217ff');
INSERT INTO `decisions` VALUES (2,'01a24a60-0d3c-7bf8-bce7-a22352b47bcf','FX-01','C-sewage','YY-LC-01','N7721',80000000,'new','approve','support',1,'2.3.1','2025',0,'request','[{\"code\":\"SUPPORTED_SECTOR\",\"message\":\"属“有保”支持领域（先进制造业、现代服务业、新农村和美丽乡村建设、农户或绿色项目），予以信贷支持\",\"message_en\":\"Supported sector (advanced manufacturing, modern services, new-countryside and beautiful-village construction, farmer household or green project): credit supported\",\"clause\":\"四(四)2\",\"outcome\":\"approve\",\"stance\":\"support\",\"evidence\":{\"farmer_household\":false,\"industrial_policy_class\":\"permitted\",\"plausible_green_claim\":false,\"supported_industry\":true}}]','{\"application_id\":\"FX-01\",\"branch_id\":\"YY-LC-01\",\"applicant\":{\"customer_id\":\"C-sewage\",\"name\":\"hmac-sha256:38adcd7a04bf5c314f880b857267bbdedb521a29558cc5cc1d61c486608e2dfb\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"N7721\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":\"0.1\",\"existing_balance\":\"0.00\"},\"loan\":{\"amount\":\"800000.00\",\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 sewage\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"}}','{\"application_id\":\"FX-01\",\"branch_id\":\"YY-LC-01\",\"decided_on\":\"2026-12-06\",\"applicant\":{\"customer_id\":\"C-sewage\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"N7721\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":0.1,\"existing_balance_fen\":0,\"requested_balance_fen\":0,\"booked_balance_fen\":0},\"loan\":{\"amount_fen\":80000000,\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 sewage\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"},\"book\":{\"total_fen\":0,\"thos_fen\":0,\"real_estate_fen\":0,\"personal_housing_fen\":0,\"green_fen\":0,\"complete\":false},\"defaulted\":[\"loan.green_category_version\",\"loan.project_type\",\"loan.real_estate_purpose\"]}','{\"outcome\":\"approve\",\"stance\":\"support\",\"green\":true,\"green_category\":\"2.3.1\",\"green_category_version\":\"2025\",\"green_evidence\":{\"basis\":\"industry\",\"claim_plausible\":false,\"claimed_category\":\"\",\"green_category_version\":\"2025\",\"in_force_version\":\"2025\",\"intrinsically_green_industry\":true,\"items_listing_class\":[\"2.3.1\",\"2.3.2\",\"2.3.3\",\"2.5.8\",\"2.5.11\",\"3.2.3\",\"5.2.10\"]},\"reasons\":[{\"code\":\"SUPPORTED_SECTOR\",\"message\":\"属“有保”支持领域（先进制造业、现代服务业、新农村和美丽乡村建设、农户或绿色项目），予以信贷支持\",\"message_en\":\"Supported sector (advanced manufacturing, modern services, new-countryside and beautiful-village construction, farmer household or green project): credit supported\",\"clause\":\"四(四)2\",\"outcome\":\"approve\",\"stance\":\"support\",\"evidence\":{\"farmer_household\":false,\"industrial_policy_class\":\"permitted\",\"plausible_green_claim\":false,\"supported_industry\":true}}],\"conditions\":[],\"classes\":{\"coarse\":false,\"high_energy\":false,\"high_pollution\":false,\"intrinsically_green\":true,\"overcapacity\":false,\"quasi_real_estate\":false,\"real_estate\":false,\"real_estate_possible\":false,\"renewable\":false,\"renewable_possible\":false,\"supported\":true,\"thos\":false,\"thos_possible\":false}}','2026-12-01.1','sha256:cddc1e41e9990b4c7ff8aad87846bbd2c6c8665251ee6d5cc58718767ebb7773','2026-12-06 08:02:18.557008','officer-a','38adcd7a04bf5c314f880b857267bbdedb521a29558cc5cc1d61c486608e2dfb','','test-20261206T080218.554253Z-927c2c3c',2,'54452a407ba8b90db34e98e99ee99d59cf9d91a5d3479b11fc0464a7cce217ff','96da3a5ba70fa756f157e71b0d60838ff52f542c8ff0edad45912a7df3dc23d6');
INSERT INTO `decisions` VALUES (3,'01a24a60-0d3f-7885-9a81-12dc583c1a26','FX-02','C-farm','YY-LC-01','A0111',30000000,'new','approve','support',0,'','2025',0,'request','[{\"code\":\"SUPPORTED_SECTOR\",\"message\":\"属“有保”支持领域（先进制造业、现代服务业、新农村和美丽乡村建设、农户或绿色项目），予以信贷支持\",\"message_en\":\"Supported sector (advanced manufacturing, modern services, new-countryside and beautiful-village construction, farmer household or green project): credit supported\",\"clause\":\"四(四)2\",\"outcome\":\"approve\",\"stance\":\"support\",\"evidence\":{\"farmer_household\":false,\"industrial_policy_class\":\"permitted\",\"plausible_green_claim\":false,\"supported_industry\":true}}]','{\"application_id\":\"FX-02\",\"branch_id\":\"YY-LC-01\",\"applicant\":{\"customer_id\":\"C-farm\",\"name\":\"hmac-sha256:f31f63b913be252550ebb2b59a60cbccfdabc1c30a0ddf2d8221de41a097da49\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"A0111\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":\"0.1\",\"existing_balance\":\"0.00\"},\"loan\":{\"amount\":\"300000.00\",\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 farm\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"}}','{\"application_id\":\"FX-02\",\"branch_id\":\"YY-LC-01\",\"decided_on\":\"2026-12-06\",\"applicant\":{\"customer_id\":\"C-farm\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"A0111\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":0.1,\"existing_balance_fen\":0,\"requested_balance_fen\":0,\"booked_balance_fen\":0},\"loan\":{\"amount_fen\":30000000,\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 farm\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"},\"book\":{\"total_fen\":0,\"thos_fen\":0,\"real_estate_fen\":0,\"personal_housing_fen\":0,\"green_fen\":0,\"complete\":false},\"defaulted\":[\"loan.green_category_version\",\"loan.project_type\",\"loan.real_estate_purpose\"]}','{\"outcome\":\"approve\",\"stance\":\"support\",\"green\":false,\"green_category\":\"\",\"green_category_version\":\"2025\",\"green_evidence\":{\"basis\":\"\",\"claim_plausible\":false,\"claimed_category\":\"\",\"green_category_version\":\"2025\",\"in_force_version\":\"2025\",\"intrinsically_green_industry\":false,\"items_listing_class\":[\"5.1.3\"]},\"reasons\":[{\"code\":\"SUPPORTED_SECTOR\",\"message\":\"属“有保”支持领域（先进制造业、现代服务业、新农村和美丽乡村建设、农户或绿色项目），予以信贷支持\",\"message_en\":\"Supported sector (advanced manufacturing, modern services, new-countryside and beautiful-village construction, farmer household or green project): credit supported\",\"clause\":\"四(四)2\",\"outcome\":\"approve\",\"stance\":\"support\",\"evidence\":{\"farmer_household\":false,\"industrial_policy_class\":\"permitted\",\"plausible_green_claim\":false,\"supported_industry\":true}}],\"conditions\":[],\"classes\":{\"coarse\":false,\"high_energy\":false,\"high_pollution\":false,\"intrinsically_green\":false,\"overcapacity\":false,\"quasi_real_estate\":false,\"real_estate\":false,\"real_estate_possible\":false,\"renewable\":false,\"renewable_possible\":false,\"supported\":true,\"thos\":false,\"thos_possible\":false}}','2026-12-01.1','sha256:cddc1e41e9990b4c7ff8aad87846bbd2c6c8665251ee6d5cc58718767ebb7773','2026-12-06 08:02:18.559723','officer-a','f31f63b913be252550ebb2b59a60cbccfdabc1c30a0ddf2d8221de41a097da49','','test-20261206T080218.554253Z-927c2c3c',3,'96da3a5ba70fa756f157e71b0d60838ff52f542c8ff0edad45912a7df3dc23d6','e25d78278978ec68c96fcced0ce4323cb7274d6efeb8595bc6a3762a46085691');
INSERT INTO `decisions` VALUES (4,'01a24a60-0d41-717e-b4cb-a069b6197171','FX-03','C-solar','YY-LC-01','D4416',200000000,'new','decline','compress',0,'','2025',0,'request','[{\"code\":\"RENEWABLE_NEW_ENTRANT\",\"message\":\"太阳能、光伏、风能行业禁止新企业进入，在本行无存量贷款的企业不予准入\",\"message_en\":\"Solar, PV and wind industry: new entrants are prohibited; an applicant without an existing balance at the bank is declined\",\"clause\":\"四(四)2\",\"outcome\":\"decline\",\"stance\":\"compress\",\"evidence\":{\"allowed_balance_fen\":0,\"amount_fen\":200000000,\"applicant_kind\":\"enterprise\",\"existing_balance_fen\":0,\"green_category\":\"\",\"lists\":[{\"entries\":[\"D4416\"],\"list\":\"renewable\",\"source\":\"余政办发〔2017〕63号 四(四)2: 重点限制太阳能、光伏、风能行业，禁止新企业进入，存量贷款进行结构调整，压缩清收\"}],\"loan_kind\":\"new\",\"min_compression_bp\":0}}]','{\"application_id\":\"FX-03\",\"branch_id\":\"YY-LC-01\",\"applicant\":{\"customer_id\":\"C-solar\",\"name\":\"hmac-sha256:58283b13766270aef802ae490ef4d5e8fdd63ce6f50c1bcca285baaf45f59ad8\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"D4416\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":\"0.1\",\"existing_balance\":\"0.00\"},\"loan\":{\"amount\":\"2000000.00\",\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 solar\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"}}','{\"application_id\":\"FX-03\",\"branch_id\":\"YY-LC-01\",\"decided_on\":\"2026-12-06\",\"applicant\":{\"customer_id\":\"C-solar\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"D4416\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":0.1,\"existing_balance_fen\":0,\"requested_balance_fen\":0,\"booked_balance_fen\":0},\"loan\":{\"amount_fen\":200000000,\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 solar\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"},\"book\":{\"total_fen\":0,\"thos_fen\":0,\"real_estate_fen\":0,\"personal_housing_fen\":0,\"green_fen\":0,\"complete\":false},\"defaulted\":[\"loan.green_category_version\",\"loan.project_type\",\"loan.real_estate_purpose\"]}','{\"outcome\":\"decline\",\"stance\":\"compress\",\"green\":false,\"green_category\":\"\",\"green_category_version\":\"2025\",\"green_evidence\":{\"basis\":\"\",\"claim_plausible\":false,\"claimed_category\":\"\",\"green_category_version\":\"2025\",\"in_force_version\":\"2025\",\"intrinsically_green_industry\":false,\"items_listing_class\":[\"4.2.2\",\"4.2.8\",\"4.3.1\",\"4.3.2\",\"4.3.7\"]},\"reasons\":[{\"code\":\"RENEWABLE_NEW_ENTRANT\",\"message\":\"太阳能、光伏、风能行业禁止新企业进入，在本行无存量贷款的企业不予准入\",\"message_en\":\"Solar, PV and wind industry: new entrants are prohibited; an applicant without an existing balance at the bank is declined\",\"clause\":\"四(四)2\",\"outcome\":\"decline\",\"stance\":\"compress\",\"evidence\":{\"allowed_balance_fen\":0,\"amount_fen\":200000000,\"applicant_kind\":\"enterprise\",\"existing_balance_fen\":0,\"green_category\":\"\",\"lists\":[{\"entries\":[\"D4416\"],\"list\":\"renewable\",\"source\":\"余政办发〔2017〕63号 四(四)2: 重点限制太阳能、光伏、风能行业，禁止新企业进入，存量贷款进行结构调整，压缩清收\"}],\"loan_kind\":\"new\",\"min_compression_bp\":0}}],\"conditions\":[],\"classes\":{\"coarse\":false,\"high_energy\":false,\"high_pollution\":false,\"intrinsically_green\":false,\"overcapacity\":false,\"quasi_real_estate\":false,\"real_estate\":false,\"real_estate_possible\":false,\"renewable\":true,\"renewable_possible\":true,\"supported\":false,\"thos\":false,\"thos_possible\":false}}','2026-12-01.1','sha256:cddc1e41e9990b4c7ff8aad87846bbd2c6c8665251ee6d5cc58718767ebb7773','2026-12-06 08:02:18.561264','officer-a','58283b13766270aef802ae490ef4d5e8fdd63ce6f50c1bcca285baaf45f59ad8','','test-20261206T080218.554253Z-927c2c3c',4,'e25d78278978ec68c96fcced0ce4323cb7274d6efeb8595bc6a3762a46085691','fa59722b6f4064cd2e4f4bceaa7e64a02a7dbd6510947413597d27db44953831');
INSERT INTO `decisions` VALUES (5,'01a24a60-0d45-7065-a495-320058160208','FX-04','C-steel','YY-LC-01','C3120',900000000,'new','refer','control',0,'','2025',0,'request','[{\"code\":\"THOS_ADMISSION_REVIEW\",\"message\":\"“两高一剩”行业企业，严格信贷准入，须人工审查\",\"message_en\":\"Two-high-one-surplus industry: strict admission, manual review\",\"clause\":\"四(四)2\",\"outcome\":\"refer\",\"stance\":\"control\",\"evidence\":{\"applicant_kind\":\"enterprise\",\"energy_compliant\":true,\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"lists\":[{\"entries\":[\"C3120\"],\"list\":\"overcapacity\",\"source\":\"国发〔2013〕41号 (steel, cement, electrolytic aluminium, flat glass, shipbuilding); 国发〔2016〕6号 (steel), 国发〔2016〕7号 (coal)\"},{\"entries\":[\"C31\"],\"list\":\"high_energy\",\"source\":\"National Bureau of Statistics: the six energy-intensive industries (C25, C26, C30, C31, C32, D44), with power generation narrowed to fossil generation\"},{\"entries\":[\"C31\"],\"list\":\"high_pollution\",\"source\":\"Former Ministry of Environmental Protection, 2008 list of heavy-polluting industries; Zhejiang\'s six heavy-polluting industries, 浙环发〔2016〕46号《浙江省工业污染防治“十三五”规划》 (铅蓄电池、电镀、印染、造纸、制革、化工)\"}],\"loan_kind\":\"new\",\"project_type\":\"other\"}}]','{\"application_id\":\"FX-04\",\"branch_id\":\"YY-LC-01\",\"applicant\":{\"customer_id\":\"C-steel\",\"name\":\"hmac-sha256:ca875124466ae682681126716fc56277cd8ba69a680c784df9f90c296f3fc57b\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"C3120\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":\"0.1\",\"existing_balance\":\"0.00\"},\"loan\":{\"amount\":\"9000000.00\",\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 steel\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"}}','{\"application_id\":\"FX-04\",\"branch_id\":\"YY-LC-01\",\"decided_on\":\"2026-12-06\",\"applicant\":{\"customer_id\":\"C-steel\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"C3120\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":0.1,\"existing_balance_fen\":0,\"requested_balance_fen\":0,\"booked_balance_fen\":0},\"loan\":{\"amount_fen\":900000000,\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 steel\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"},\"book\":{\"total_fen\":0,\"thos_fen\":0,\"real_estate_fen\":0,\"personal_housing_fen\":0,\"green_fen\":0,\"complete\":false},\"defaulted\":[\"loan.green_category_version\",\"loan.project_type\",\"loan.real_estate_purpose\"]}','{\"outcome\":\"refer\",\"stance\":\"control\",\"green\":false,\"green_category\":\"\",\"green_category_version\":\"2025\",\"green_evidence\":{\"basis\":\"\",\"claim_plausible\":false,\"claimed_category\":\"\",\"green_category_version\":\"2025\",\"in_force_version\":\"2025\",\"intrinsically_green_industry\":false,\"items_listing_class\":[\"3.2.7\"]},\"reasons\":[{\"code\":\"THOS_ADMISSION_REVIEW\",\"message\":\"“两高一剩”行业企业，严格信贷准入，须人工审查\",\"message_en\":\"Two-high-one-surplus industry: strict admission, manual review\",\"clause\":\"四(四)2\",\"outcome\":\"refer\",\"stance\":\"control\",\"evidence\":{\"applicant_kind\":\"enterprise\",\"energy_compliant\":true,\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"lists\":[{\"entries\":[\"C3120\"],\"list\":\"overcapacity\",\"source\":\"国发〔2013〕41号 (steel, cement, electrolytic aluminium, flat glass, shipbuilding); 国发〔2016〕6号 (steel), 国发〔2016〕7号 (coal)\"},{\"entries\":[\"C31\"],\"list\":\"high_energy\",\"source\":\"National Bureau of Statistics: the six energy-intensive industries (C25, C26, C30, C31, C32, D44), with power generation narrowed to fossil generation\"},{\"entries\":[\"C31\"],\"list\":\"high_pollution\",\"source\":\"Former Ministry of Environmental Protection, 2008 list of heavy-polluting industries; Zhejiang\'s six heavy-polluting industries, 浙环发〔2016〕46号《浙江省工业污染防治“十三五”规划》 (铅蓄电池、电镀、印染、造纸、制革、化工)\"}],\"loan_kind\":\"new\",\"project_type\":\"other\"}}],\"conditions\":[\"exposure counted against the two-high-one-surplus volume cap\"],\"classes\":{\"coarse\":false,\"high_energy\":true,\"high_pollution\":true,\"intrinsically_green\":false,\"overcapacity\":true,\"quasi_real_estate\":false,\"real_estate\":false,\"real_estate_possible\":false,\"renewable\":false,\"renewable_possible\":false,\"supported\":false,\"thos\":true,\"thos_possible\":true}}','2026-12-01.1','sha256:cddc1e41e9990b4c7ff8aad87846bbd2c6c8665251ee6d5cc58718767ebb7773','2026-12-06 08:02:18.565229','officer-a','ca875124466ae682681126716fc56277cd8ba69a680c784df9f90c296f3fc57b','','test-20261206T080218.554253Z-927c2c3c',5,'fa59722b6f4064cd2e4f4bceaa7e64a02a7dbd6510947413597d27db44953831','8b9d976b0d499aa76624e9576e362761ae1431b82b175c178416ff0348e5f83b');
INSERT INTO `decisions` VALUES (6,'01a24a60-0d46-7c14-806d-638286d4430d','FX-05','C-estate','YY-LC-01','K7010',700000000,'new','refer','control',0,'','2025',0,'request','[{\"code\":\"REAL_ESTATE_LIMIT\",\"message\":\"房地产行业（含类房地产企业）或房地产开发、商业用房贷款，限制授信，须人工审查\",\"message_en\":\"Real-estate or quasi-real-estate borrower, or a development or commercial-property loan: restricted lending, manual review\",\"clause\":\"四(四)2\",\"outcome\":\"refer\",\"stance\":\"control\",\"evidence\":{\"lists\":[{\"entries\":[\"K70\"],\"list\":\"real_estate\",\"source\":\"GB/T 4754-2017 division K70 (房地产业); 余政办发〔2017〕63号 四(四)2: 限制房地产行业（类房地产企业）贷款\"}],\"quasi_real_estate\":false,\"quasi_real_estate_ratio\":0.5,\"real_estate_purpose\":\"none\",\"real_estate_revenue_ratio\":0.1}}]','{\"application_id\":\"FX-05\",\"branch_id\":\"YY-LC-01\",\"applicant\":{\"customer_id\":\"C-estate\",\"name\":\"hmac-sha256:5076714f411b4278a3a4a08c8421cb3af3cee92bb699f3a239300c10066422ab\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"K7010\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":\"0.1\",\"existing_balance\":\"0.00\"},\"loan\":{\"amount\":\"7000000.00\",\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 estate\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"}}','{\"application_id\":\"FX-05\",\"branch_id\":\"YY-LC-01\",\"decided_on\":\"2026-12-06\",\"applicant\":{\"customer_id\":\"C-estate\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"K7010\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":0.1,\"existing_balance_fen\":0,\"requested_balance_fen\":0,\"booked_balance_fen\":0},\"loan\":{\"amount_fen\":700000000,\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 estate\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"},\"book\":{\"total_fen\":0,\"thos_fen\":0,\"real_estate_fen\":0,\"personal_housing_fen\":0,\"green_fen\":0,\"complete\":false},\"defaulted\":[\"loan.green_category_version\",\"loan.project_type\",\"loan.real_estate_purpose\"]}','{\"outcome\":\"refer\",\"stance\":\"control\",\"green\":false,\"green_category\":\"\",\"green_category_version\":\"2025\",\"green_evidence\":{\"basis\":\"\",\"claim_plausible\":false,\"claimed_category\":\"\",\"green_category_version\":\"2025\",\"in_force_version\":\"2025\",\"intrinsically_green_industry\":false,\"items_listing_class\":[\"6.1.1\",\"6.1.2\",\"6.1.4\"]},\"reasons\":[{\"code\":\"REAL_ESTATE_LIMIT\",\"message\":\"房地产行业（含类房地产企业）或房地产开发、商业用房贷款，限制授信，须人工审查\",\"message_en\":\"Real-estate or quasi-real-estate borrower, or a development or commercial-property loan: restricted lending, manual review\",\"clause\":\"四(四)2\",\"outcome\":\"refer\",\"stance\":\"control\",\"evidence\":{\"lists\":[{\"entries\":[\"K70\"],\"list\":\"real_estate\",\"source\":\"GB/T 4754-2017 division K70 (房地产业); 余政办发〔2017〕63号 四(四)2: 限制房地产行业（类房地产企业）贷款\"}],\"quasi_real_estate\":false,\"quasi_real_estate_ratio\":0.5,\"real_estate_purpose\":\"none\",\"real_estate_revenue_ratio\":0.1}}],\"conditions\":[\"exposure counted against the real-estate volume cap\"],\"classes\":{\"coarse\":false,\"high_energy\":false,\"high_pollution\":false,\"intrinsically_green\":false,\"overcapacity\":false,\"quasi_real_estate\":false,\"real_estate\":true,\"real_estate_possible\":true,\"renewable\":false,\"renewable_possible\":false,\"supported\":false,\"thos\":false,\"thos_possible\":false}}','2026-12-01.1','sha256:cddc1e41e9990b4c7ff8aad87846bbd2c6c8665251ee6d5cc58718767ebb7773','2026-12-06 08:02:18.566974','officer-a','5076714f411b4278a3a4a08c8421cb3af3cee92bb699f3a239300c10066422ab','','test-20261206T080218.554253Z-927c2c3c',6,'8b9d976b0d499aa76624e9576e362761ae1431b82b175c178416ff0348e5f83b','73510e37e2ff0aaa8dad465c6520edb7233d4051b775e2727c3efe543e2419a0');
INSERT INTO `decisions` VALUES (7,'01a24a60-0d48-77c4-8bdd-0ef9b070fe5f','FX-06','C-software','YY-LC-01','I6511',120000000,'new','approve','support',0,'','2025',0,'request','[{\"code\":\"SUPPORTED_SECTOR\",\"message\":\"属“有保”支持领域（先进制造业、现代服务业、新农村和美丽乡村建设、农户或绿色项目），予以信贷支持\",\"message_en\":\"Supported sector (advanced manufacturing, modern services, new-countryside and beautiful-village construction, farmer household or green project): credit supported\",\"clause\":\"四(四)2\",\"outcome\":\"approve\",\"stance\":\"support\",\"evidence\":{\"farmer_household\":false,\"industrial_policy_class\":\"permitted\",\"plausible_green_claim\":false,\"supported_industry\":true}}]','{\"application_id\":\"FX-06\",\"branch_id\":\"YY-LC-01\",\"applicant\":{\"customer_id\":\"C-software\",\"name\":\"hmac-sha256:c3f17af05363b4481349bc9fdddfea09b8821c3083d381deb99b790568d23aa9\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"I6511\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":\"0.1\",\"existing_balance\":\"0.00\"},\"loan\":{\"amount\":\"1200000.00\",\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 software\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"}}','{\"application_id\":\"FX-06\",\"branch_id\":\"YY-LC-01\",\"decided_on\":\"2026-12-06\",\"applicant\":{\"customer_id\":\"C-software\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"I6511\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":0.1,\"existing_balance_fen\":0,\"requested_balance_fen\":0,\"booked_balance_fen\":0},\"loan\":{\"amount_fen\":120000000,\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 software\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"},\"book\":{\"total_fen\":0,\"thos_fen\":0,\"real_estate_fen\":0,\"personal_housing_fen\":0,\"green_fen\":0,\"complete\":false},\"defaulted\":[\"loan.green_category_version\",\"loan.project_type\",\"loan.real_estate_purpose\"]}','{\"outcome\":\"approve\",\"stance\":\"support\",\"green\":false,\"green_category\":\"\",\"green_category_version\":\"2025\",\"green_evidence\":{\"basis\":\"\",\"claim_plausible\":false,\"claimed_category\":\"\",\"green_category_version\":\"2025\",\"in_force_version\":\"2025\",\"intrinsically_green_industry\":false,\"items_listing_class\":[]},\"reasons\":[{\"code\":\"SUPPORTED_SECTOR\",\"message\":\"属“有保”支持领域（先进制造业、现代服务业、新农村和美丽乡村建设、农户或绿色项目），予以信贷支持\",\"message_en\":\"Supported sector (advanced manufacturing, modern services, new-countryside and beautiful-village construction, farmer household or green project): credit supported\",\"clause\":\"四(四)2\",\"outcome\":\"approve\",\"stance\":\"support\",\"evidence\":{\"farmer_household\":false,\"industrial_policy_class\":\"permitted\",\"plausible_green_claim\":false,\"supported_industry\":true}}],\"conditions\":[],\"classes\":{\"coarse\":false,\"high_energy\":false,\"high_pollution\":false,\"intrinsically_green\":false,\"overcapacity\":false,\"quasi_real_estate\":false,\"real_estate\":false,\"real_estate_possible\":false,\"renewable\":false,\"renewable_possible\":false,\"supported\":true,\"thos\":false,\"thos_possible\":false}}','2026-12-01.1','sha256:cddc1e41e9990b4c7ff8aad87846bbd2c6c8665251ee6d5cc58718767ebb7773','2026-12-06 08:02:18.568695','officer-a','c3f17af05363b4481349bc9fdddfea09b8821c3083d381deb99b790568d23aa9','','test-20261206T080218.554253Z-927c2c3c',7,'73510e37e2ff0aaa8dad465c6520edb7233d4051b775e2727c3efe543e2419a0','198cd7393e970f248558159005d303cebdb0e2ce78471e506c98681a9271755c');
INSERT INTO `decisions` VALUES (8,'01a24a60-0d4a-75eb-80da-18994cc47068','FX-07','C-rail','YY-LC-01','G5411',400000000,'new','approve','support',1,'6.2.6','2025',0,'request','[{\"code\":\"SUPPORTED_SECTOR\",\"message\":\"属“有保”支持领域（先进制造业、现代服务业、新农村和美丽乡村建设、农户或绿色项目），予以信贷支持\",\"message_en\":\"Supported sector (advanced manufacturing, modern services, new-countryside and beautiful-village construction, farmer household or green project): credit supported\",\"clause\":\"四(四)2\",\"outcome\":\"approve\",\"stance\":\"support\",\"evidence\":{\"farmer_household\":false,\"industrial_policy_class\":\"permitted\",\"plausible_green_claim\":true,\"supported_industry\":false}}]','{\"application_id\":\"FX-07\",\"branch_id\":\"YY-LC-01\",\"applicant\":{\"customer_id\":\"C-rail\",\"name\":\"hmac-sha256:bf47e56ba7f0cd7e645d330c58df1e3e77878c9e45313597e0967b653ab99ef8\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"G5411\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":\"0.1\",\"existing_balance\":\"0.00\"},\"loan\":{\"amount\":\"4000000.00\",\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 rail\",\"green_category\":\"6.2.6\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"}}','{\"application_id\":\"FX-07\",\"branch_id\":\"YY-LC-01\",\"decided_on\":\"2026-12-06\",\"applicant\":{\"customer_id\":\"C-rail\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"G5411\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":0.1,\"existing_balance_fen\":0,\"requested_balance_fen\":0,\"booked_balance_fen\":0},\"loan\":{\"amount_fen\":400000000,\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 rail\",\"green_category\":\"6.2.6\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"},\"book\":{\"total_fen\":0,\"thos_fen\":0,\"real_estate_fen\":0,\"personal_housing_fen\":0,\"green_fen\":0,\"complete\":false},\"defaulted\":[\"loan.green_category_version\",\"loan.project_type\",\"loan.real_estate_purpose\"]}','{\"outcome\":\"approve\",\"stance\":\"support\",\"green\":true,\"green_category\":\"6.2.6\",\"green_category_version\":\"2025\",\"green_evidence\":{\"basis\":\"claim\",\"claim_plausible\":true,\"claimed_category\":\"6.2.6\",\"green_category_version\":\"2025\",\"in_force_version\":\"2025\",\"intrinsically_green_industry\":false,\"items_listing_class\":[\"6.2.6\"]},\"reasons\":[{\"code\":\"SUPPORTED_SECTOR\",\"message\":\"属“有保”支持领域（先进制造业、现代服务业、新农村和美丽乡村建设、农户或绿色项目），予以信贷支持\",\"message_en\":\"Supported sector (advanced manufacturing, modern services, new-countryside and beautiful-village construction, farmer household or green project): credit supported\",\"clause\":\"四(四)2\",\"outcome\":\"approve\",\"stance\":\"support\",\"evidence\":{\"farmer_household\":false,\"industrial_policy_class\":\"permitted\",\"plausible_green_claim\":true,\"supported_industry\":false}}],\"conditions\":[],\"classes\":{\"coarse\":false,\"high_energy\":false,\"high_pollution\":false,\"intrinsically_green\":false,\"overcapacity\":false,\"quasi_real_estate\":false,\"real_estate\":false,\"real_estate_possible\":false,\"renewable\":false,\"renewable_possible\":false,\"supported\":false,\"thos\":false,\"thos_possible\":false}}','2026-12-01.1','sha256:cddc1e41e9990b4c7ff8aad87846bbd2c6c8665251ee6d5cc58718767ebb7773','2026-12-06 08:02:18.570574','officer-a','bf47e56ba7f0cd7e645d330c58df1e3e77878c9e45313597e0967b653ab99ef8','','test-20261206T080218.554253Z-927c2c3c',8,'198cd7393e970f248558159005d303cebdb0e2ce78471e506c98681a9271755c','c5438ff5aa0ad3a01bcb877e1a4d3edd6c00f164d8a413639bfa9800dad24a27');
INSERT INTO `decisions` VALUES (9,'01a24a60-0d4d-78c1-96e2-323baa6551a7','FX-08','C-chem','YY-LC-01','C2614',60000000,'renewal','refer','control',0,'','2025',0,'request','[{\"code\":\"THOS_ADMISSION_REVIEW\",\"message\":\"“两高一剩”行业企业，严格信贷准入，须人工审查\",\"message_en\":\"Two-high-one-surplus industry: strict admission, manual review\",\"clause\":\"四(四)2\",\"outcome\":\"refer\",\"stance\":\"control\",\"evidence\":{\"applicant_kind\":\"enterprise\",\"energy_compliant\":true,\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"lists\":[{\"entries\":[\"C26\"],\"list\":\"high_energy\",\"source\":\"National Bureau of Statistics: the six energy-intensive industries (C25, C26, C30, C31, C32, D44), with power generation narrowed to fossil generation\"},{\"entries\":[\"C26\"],\"list\":\"high_pollution\",\"source\":\"Former Ministry of Environmental Protection, 2008 list of heavy-polluting industries; Zhejiang\'s six heavy-polluting industries, 浙环发〔2016〕46号《浙江省工业污染防治“十三五”规划》 (铅蓄电池、电镀、印染、造纸、制革、化工)\"}],\"loan_kind\":\"renewal\",\"project_type\":\"other\"}}]','{\"application_id\":\"FX-08\",\"branch_id\":\"YY-LC-01\",\"applicant\":{\"customer_id\":\"C-chem\",\"name\":\"hmac-sha256:540f19f91ad16fef4b178cd20f4654b5cbb531bd3b8fc49b5e0c2b3815a9c9e7\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"C2614\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":\"0.1\",\"existing_balance\":\"0.00\"},\"loan\":{\"amount\":\"600000.00\",\"term_months\":12,\"kind\":\"renewal\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 chem\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"}}','{\"application_id\":\"FX-08\",\"branch_id\":\"YY-LC-01\",\"decided_on\":\"2026-12-06\",\"applicant\":{\"customer_id\":\"C-chem\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"C2614\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":0.1,\"existing_balance_fen\":0,\"requested_balance_fen\":0,\"booked_balance_fen\":0},\"loan\":{\"amount_fen\":60000000,\"term_months\":12,\"kind\":\"renewal\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 chem\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"},\"book\":{\"total_fen\":0,\"thos_fen\":0,\"real_estate_fen\":0,\"personal_housing_fen\":0,\"green_fen\":0,\"complete\":false},\"defaulted\":[\"loan.green_category_version\",\"loan.project_type\",\"loan.real_estate_purpose\"]}','{\"outcome\":\"refer\",\"stance\":\"control\",\"green\":false,\"green_category\":\"\",\"green_category_version\":\"2025\",\"green_evidence\":{\"basis\":\"\",\"claim_plausible\":false,\"claimed_category\":\"\",\"green_category_version\":\"2025\",\"in_force_version\":\"2025\",\"intrinsically_green_industry\":false,\"items_listing_class\":[\"1.5.2\",\"3.2.7\"]},\"reasons\":[{\"code\":\"THOS_ADMISSION_REVIEW\",\"message\":\"“两高一剩”行业企业，严格信贷准入，须人工审查\",\"message_en\":\"Two-high-one-surplus industry: strict admission, manual review\",\"clause\":\"四(四)2\",\"outcome\":\"refer\",\"stance\":\"control\",\"evidence\":{\"applicant_kind\":\"enterprise\",\"energy_compliant\":true,\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"lists\":[{\"entries\":[\"C26\"],\"list\":\"high_energy\",\"source\":\"National Bureau of Statistics: the six energy-intensive industries (C25, C26, C30, C31, C32, D44), with power generation narrowed to fossil generation\"},{\"entries\":[\"C26\"],\"list\":\"high_pollution\",\"source\":\"Former Ministry of Environmental Protection, 2008 list of heavy-polluting industries; Zhejiang\'s six heavy-polluting industries, 浙环发〔2016〕46号《浙江省工业污染防治“十三五”规划》 (铅蓄电池、电镀、印染、造纸、制革、化工)\"}],\"loan_kind\":\"renewal\",\"project_type\":\"other\"}}],\"conditions\":[\"exposure counted against the two-high-one-surplus volume cap\"],\"classes\":{\"coarse\":false,\"high_energy\":true,\"high_pollution\":true,\"intrinsically_green\":false,\"overcapacity\":false,\"quasi_real_estate\":false,\"real_estate\":false,\"real_estate_possible\":false,\"renewable\":false,\"renewable_possible\":false,\"supported\":false,\"thos\":true,\"thos_possible\":true}}','2026-12-01.1','sha256:cddc1e41e9990b4c7ff8aad87846bbd2c6c8665251ee6d5cc58718767ebb7773','2026-12-06 08:02:18.573762','officer-a','540f19f91ad16fef4b178cd20f4654b5cbb531bd3b8fc49b5e0c2b3815a9c9e7','','test-20261206T080218.554253Z-927c2c3c',9,'c5438ff5aa0ad3a01bcb877e1a4d3edd6c00f164d8a413639bfa9800dad24a27','d672b17a28df0bd7ef9784d42b39f8c77d5068399c3b5272ffd05649f64c9d5b');
INSERT INTO `decisions` VALUES (10,'01a24a60-0d4f-715e-80f2-e6507a4d0adb','FX-09','C-bank','YY-LC-01','J6621',10005,'new','approve','neutral',0,'','2025',0,'request','[]','{\"application_id\":\"FX-09\",\"branch_id\":\"YY-LC-01\",\"applicant\":{\"customer_id\":\"C-bank\",\"name\":\"hmac-sha256:41714995d9ff687b9d2868019d570d7ff6d09ba56bc193cb390c1dea2085bc8c\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"J6621\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":\"0.1\",\"existing_balance\":\"0.00\"},\"loan\":{\"amount\":\"100.05\",\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 bank\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"}}','{\"application_id\":\"FX-09\",\"branch_id\":\"YY-LC-01\",\"decided_on\":\"2026-12-06\",\"applicant\":{\"customer_id\":\"C-bank\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"J6621\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":0.1,\"existing_balance_fen\":0,\"requested_balance_fen\":0,\"booked_balance_fen\":0},\"loan\":{\"amount_fen\":10005,\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 bank\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"},\"book\":{\"total_fen\":0,\"thos_fen\":0,\"real_estate_fen\":0,\"personal_housing_fen\":0,\"green_fen\":0,\"complete\":false},\"defaulted\":[\"loan.green_category_version\",\"loan.project_type\",\"loan.real_estate_purpose\"]}','{\"outcome\":\"approve\",\"stance\":\"neutral\",\"green\":false,\"green_category\":\"\",\"green_category_version\":\"2025\",\"green_evidence\":{\"basis\":\"\",\"claim_plausible\":false,\"claimed_category\":\"\",\"green_category_version\":\"2025\",\"in_force_version\":\"2025\",\"intrinsically_green_industry\":false,\"items_listing_class\":[]},\"reasons\":[],\"conditions\":[],\"classes\":{\"coarse\":false,\"high_energy\":false,\"high_pollution\":false,\"intrinsically_green\":false,\"overcapacity\":false,\"quasi_real_estate\":false,\"real_estate\":false,\"real_estate_possible\":false,\"renewable\":false,\"renewable_possible\":false,\"supported\":false,\"thos\":false,\"thos_possible\":false}}','2026-12-01.1','sha256:cddc1e41e9990b4c7ff8aad87846bbd2c6c8665251ee6d5cc58718767ebb7773','2026-12-06 08:02:18.575282','officer-a','41714995d9ff687b9d2868019d570d7ff6d09ba56bc193cb390c1dea2085bc8c','','test-20261206T080218.554253Z-927c2c3c',10,'d672b17a28df0bd7ef9784d42b39f8c77d5068399c3b5272ffd05649f64c9d5b','81a54c51dd0f91ad1320fcc9dfb87c1bb67c963c3d70a22cadb151e50fc20750');
INSERT INTO `decisions` VALUES (11,'01a24a60-0d7b-71ab-bf87-568c9ec65a41','FX-AFTER','C000123','YY-LC-01','C3011',500000000,'new','refer','control',0,'','2025',0,'request','[{\"code\":\"CAP_BOOK_INCOMPLETE\",\"message\":\"贷款台账尚未声明完整，无法校验总量上限，须人工审查\",\"message_en\":\"The loan book is not declared complete, so a volume cap that would apply cannot be enforced: manual review\",\"clause\":\"四(四)2\",\"outcome\":\"refer\",\"stance\":\"control\",\"evidence\":{\"book_complete\":false,\"real_estate\":{\"personal_housing\":{\"added_exposure_fen\":500000000,\"book_complete\":false,\"book_total_fen\":279300000,\"cap_bp\":1250,\"category\":\"personal_housing\",\"category_balance_fen\":0,\"share_after_bp\":6416},\"personal_housing_exceeded\":false,\"real_estate\":{\"added_exposure_fen\":500000000,\"book_complete\":false,\"book_total_fen\":279300000,\"cap_bp\":1750,\"category\":\"real_estate\",\"category_balance_fen\":0,\"share_after_bp\":6416},\"real_estate_exceeded\":false,\"real_estate_purpose\":\"none\"},\"real_estate_cap_would_fire\":false,\"thos\":{\"added_exposure_fen\":500000000,\"book_complete\":false,\"book_total_fen\":279300000,\"cap_bp\":1500,\"category\":\"thos\",\"category_balance_fen\":129800000,\"share_after_bp\":8082},\"thos_cap_would_fire\":true}},{\"code\":\"THOS_ADMISSION_REVIEW\",\"message\":\"“两高一剩”行业企业，严格信贷准入，须人工审查\",\"message_en\":\"Two-high-one-surplus industry: strict admission, manual review\",\"clause\":\"四(四)2\",\"outcome\":\"refer\",\"stance\":\"control\",\"evidence\":{\"applicant_kind\":\"enterprise\",\"energy_compliant\":true,\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"lists\":[{\"entries\":[\"C3011\"],\"list\":\"overcapacity\",\"source\":\"国发〔2013〕41号 (steel, cement, electrolytic aluminium, flat glass, shipbuilding); 国发〔2016〕6号 (steel), 国发〔2016〕7号 (coal)\"},{\"entries\":[\"C30\"],\"list\":\"high_energy\",\"source\":\"National Bureau of Statistics: the six energy-intensive industries (C25, C26, C30, C31, C32, D44), with power generation narrowed to fossil generation\"},{\"entries\":[\"C30\"],\"list\":\"high_pollution\",\"source\":\"Former Ministry of Environmental Protection, 2008 list of heavy-polluting industries; Zhejiang\'s six heavy-polluting industries, 浙环发〔2016〕46号《浙江省工业污染防治“十三五”规划》 (铅蓄电池、电镀、印染、造纸、制革、化工)\"}],\"loan_kind\":\"new\",\"project_type\":\"other\"}}]','{\"application_id\":\"FX-AFTER\",\"branch_id\":\"YY-LC-01\",\"applicant\":{\"customer_id\":\"C000123\",\"name\":\"hmac-sha256:edd7c45e1573b826b07d03295c85979e1983a7f02e4043d298ac6c03aca72d32\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"C3011\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":\"0.1\",\"existing_balance\":\"0.00\"},\"loan\":{\"amount\":\"5000000.00\",\"term_months\":12,\"kind\":\"new\",\"purpose\":\"流动资金\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"}}','{\"application_id\":\"FX-AFTER\",\"branch_id\":\"YY-LC-01\",\"decided_on\":\"2026-12-06\",\"applicant\":{\"customer_id\":\"C000123\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"C3011\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":0.1,\"existing_balance_fen\":0,\"requested_balance_fen\":0,\"booked_balance_fen\":0},\"loan\":{\"amount_fen\":500000000,\"term_months\":12,\"kind\":\"new\",\"purpose\":\"流动资金\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"},\"book\":{\"total_fen\":279300000,\"thos_fen\":129800000,\"real_estate_fen\":0,\"personal_housing_fen\":0,\"green_fen\":49800000,\"complete\":false},\"defaulted\":[\"loan.green_category_version\",\"loan.project_type\",\"loan.real_estate_purpose\"]}','{\"outcome\":\"refer\",\"stance\":\"control\",\"green\":false,\"green_category\":\"\",\"green_category_version\":\"2025\",\"green_evidence\":{\"basis\":\"\",\"claim_plausible\":false,\"claimed_category\":\"\",\"green_category_version\":\"2025\",\"in_force_version\":\"2025\",\"intrinsically_green_industry\":false,\"items_listing_class\":[\"3.2.7\"]},\"reasons\":[{\"code\":\"CAP_BOOK_INCOMPLETE\",\"message\":\"贷款台账尚未声明完整，无法校验总量上限，须人工审查\",\"message_en\":\"The loan book is not declared complete, so a volume cap that would apply cannot be enforced: manual review\",\"clause\":\"四(四)2\",\"outcome\":\"refer\",\"stance\":\"control\",\"evidence\":{\"book_complete\":false,\"real_estate\":{\"personal_housing\":{\"added_exposure_fen\":500000000,\"book_complete\":false,\"book_total_fen\":279300000,\"cap_bp\":1250,\"category\":\"personal_housing\",\"category_balance_fen\":0,\"share_after_bp\":6416},\"personal_housing_exceeded\":false,\"real_estate\":{\"added_exposure_fen\":500000000,\"book_complete\":false,\"book_total_fen\":279300000,\"cap_bp\":1750,\"category\":\"real_estate\",\"category_balance_fen\":0,\"share_after_bp\":6416},\"real_estate_exceeded\":false,\"real_estate_purpose\":\"none\"},\"real_estate_cap_would_fire\":false,\"thos\":{\"added_exposure_fen\":500000000,\"book_complete\":false,\"book_total_fen\":279300000,\"cap_bp\":1500,\"category\":\"thos\",\"category_balance_fen\":129800000,\"share_after_bp\":8082},\"thos_cap_would_fire\":true}},{\"code\":\"THOS_ADMISSION_REVIEW\",\"message\":\"“两高一剩”行业企业，严格信贷准入，须人工审查\",\"message_en\":\"Two-high-one-surplus industry: strict admission, manual review\",\"clause\":\"四(四)2\",\"outcome\":\"refer\",\"stance\":\"control\",\"evidence\":{\"applicant_kind\":\"enterprise\",\"energy_compliant\":true,\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"lists\":[{\"entries\":[\"C3011\"],\"list\":\"overcapacity\",\"source\":\"国发〔2013〕41号 (steel, cement, electrolytic aluminium, flat glass, shipbuilding); 国发〔2016〕6号 (steel), 国发〔2016〕7号 (coal)\"},{\"entries\":[\"C30\"],\"list\":\"high_energy\",\"source\":\"National Bureau of Statistics: the six energy-intensive industries (C25, C26, C30, C31, C32, D44), with power generation narrowed to fossil generation\"},{\"entries\":[\"C30\"],\"list\":\"high_pollution\",\"source\":\"Former Ministry of Environmental Protection, 2008 list of heavy-polluting industries; Zhejiang\'s six heavy-polluting industries, 浙环发〔2016〕46号《浙江省工业污染防治“十三五”规划》 (铅蓄电池、电镀、印染、造纸、制革、化工)\"}],\"loan_kind\":\"new\",\"project_type\":\"other\"}}],\"conditions\":[\"exposure counted against the two-high-one-surplus volume cap\"],\"classes\":{\"coarse\":false,\"high_energy\":true,\"high_pollution\":true,\"intrinsically_green\":false,\"overcapacity\":true,\"quasi_real_estate\":false,\"real_estate\":false,\"real_estate_possible\":false,\"renewable\":false,\"renewable_possible\":false,\"supported\":false,\"thos\":true,\"thos_possible\":true}}','2026-12-01.1','sha256:cddc1e41e9990b4c7ff8aad87846bbd2c6c8665251ee6d5cc58718767ebb7773','2026-12-06 08:02:18.620220','officer-a','edd7c45e1573b826b07d03295c85979e1983a7f02e4043d298ac6c03aca72d32','','test-20261206T080218.554253Z-927c2c3c',11,'81a54c51dd0f91ad1320fcc9dfb87c1bb67c963c3d70a22cadb151e50fc20750','b2924e1ace4713331e10e7906867c2b1d680139a53c3955e7daf1c091975ab29');
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `idempotency_keys` (
  `principal` varchar(64) NOT NULL,
  `idem_key` varchar(128) NOT NULL,
  `body_sha256` varchar(64) NOT NULL,
  `decision_id` varchar(36) NOT NULL,
  `state` varchar(8) NOT NULL,
  `owner` varchar(36) NOT NULL,
  `reserved_at` datetime(6) NOT NULL,
  `created_at` datetime(6) NOT NULL,
  PRIMARY KEY (`principal`,`idem_key`),
  KEY `idx_idempotency_keys_created_at` (`created_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
/*!40101 SET character_set_client = @saved_cs_client */;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `loan_balances` (
  `loan_id` varchar(64) NOT NULL,
  `as_of` varchar(10) NOT NULL,
  `balance_fen` bigint(20) NOT NULL,
  `recorded_at` datetime(3) DEFAULT NULL,
  PRIMARY KEY (`loan_id`,`as_of`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `loan_balances` VALUES ('FXL-00','2026-10-31',10000000,'2026-12-06 08:02:18.588');
INSERT INTO `loan_balances` VALUES ('FXL-00','2026-11-30',9900000,'2026-12-06 08:02:18.589');
INSERT INTO `loan_balances` VALUES ('FXL-01','2026-10-31',20000000,'2026-12-06 08:02:18.594');
INSERT INTO `loan_balances` VALUES ('FXL-01','2026-11-30',19900000,'2026-12-06 08:02:18.595');
INSERT INTO `loan_balances` VALUES ('FXL-02','2026-10-31',30000000,'2026-12-06 08:02:18.598');
INSERT INTO `loan_balances` VALUES ('FXL-02','2026-11-30',29900000,'2026-12-06 08:02:18.599');
INSERT INTO `loan_balances` VALUES ('FXL-03','2026-10-31',40000000,'2026-12-06 08:02:18.601');
INSERT INTO `loan_balances` VALUES ('FXL-03','2026-11-30',39900000,'2026-12-06 08:02:18.603');
INSERT INTO `loan_balances` VALUES ('FXL-04','2026-10-31',50000000,'2026-12-06 08:02:18.605');
INSERT INTO `loan_balances` VALUES ('FXL-04','2026-11-30',49900000,'2026-12-06 08:02:18.606');
INSERT INTO `loan_balances` VALUES ('FXL-05','2026-10-31',60000000,'2026-12-06 08:02:18.609');
INSERT INTO `loan_balances` VALUES ('FXL-05','2026-11-30',59900000,'2026-12-06 08:02:18.610');
INSERT INTO `loan_balances` VALUES ('FXL-06','2026-10-31',70000000,'2026-12-06 08:02:18.613');
INSERT INTO `loan_balances` VALUES ('FXL-06','2026-11-30',69900000,'2026-12-06 08:02:18.614');
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `loans` (
  `loan_id` varchar(64) NOT NULL,
  `decision_id` varchar(36) NOT NULL,
  `customer_id` varchar(64) NOT NULL,
  `branch_id` varchar(32) NOT NULL,
  `industry_code` varchar(8) NOT NULL,
  `green` tinyint(1) NOT NULL,
  `green_category` varchar(16) NOT NULL,
  `green_category_version` varchar(8) NOT NULL DEFAULT '',
  `applicant_kind` varchar(24) NOT NULL DEFAULT '',
  `real_estate_purpose` varchar(24) NOT NULL DEFAULT '',
  `quasi_real_estate` tinyint(1) NOT NULL DEFAULT 0,
  `balance_fen` bigint(20) NOT NULL,
  `as_of` varchar(10) NOT NULL,
  `updated_at` datetime(3) DEFAULT NULL,
  PRIMARY KEY (`loan_id`),
  KEY `idx_loans_decision_id` (`decision_id`),
  KEY `idx_loans_customer_id` (`customer_id`),
  KEY `idx_loans_branch_id` (`branch_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `loans` VALUES ('FXL-00','01a24a60-0d3c-7bf8-bce7-a22352b47bcf','C-sewage','YY-LC-01','N7721',1,'2.3.1','2025','enterprise','none',0,9900000,'2026-11-30','2026-12-06 08:02:18.592');
INSERT INTO `loans` VALUES ('FXL-01','01a24a60-0d3f-7885-9a81-12dc583c1a26','C-farm','YY-LC-01','A0111',0,'','2025','enterprise','none',0,19900000,'2026-11-30','2026-12-06 08:02:18.596');
INSERT INTO `loans` VALUES ('FXL-02','01a24a60-0d48-77c4-8bdd-0ef9b070fe5f','C-software','YY-LC-01','I6511',0,'','2025','enterprise','none',0,29900000,'2026-11-30','2026-12-06 08:02:18.599');
INSERT INTO `loans` VALUES ('FXL-03','01a24a60-0d4a-75eb-80da-18994cc47068','C-rail','YY-LC-01','G5411',1,'6.2.6','2025','enterprise','none',0,39900000,'2026-11-30','2026-12-06 08:02:18.603');
INSERT INTO `loans` VALUES ('FXL-04','01a24a60-0d4f-715e-80f2-e6507a4d0adb','C-bank','YY-LC-01','J6621',0,'','2025','enterprise','none',0,49900000,'2026-11-30','2026-12-06 08:02:18.607');
INSERT INTO `loans` VALUES ('FXL-05','01a24a60-0d3a-7a62-a0a0-1434db68b47b','C-cement','YY-LC-01','C3011',0,'','2025','enterprise','none',0,59900000,'2026-11-30','2026-12-06 08:02:18.611');
INSERT INTO `loans` VALUES ('FXL-06','01a24a60-0d45-7065-a495-320058160208','C-steel','YY-LC-01','C3120',0,'','2025','enterprise','none',0,69900000,'2026-11-30','2026-12-06 08:02:18.614');
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `policy_actives` (
  `id` bigint(20) NOT NULL,
  `digest` varchar(71) NOT NULL,
  `activated_by` varchar(64) NOT NULL,
  `activated_at` datetime(6) NOT NULL,
  `approved_by` varchar(64) NOT NULL DEFAULT '',
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
/*!40101 SET character_set_client = @saved_cs_client */;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `policy_revisions` (
  `digest` varchar(71) NOT NULL,
  `revision` varchar(64) NOT NULL,
  `bundle` longblob NOT NULL,
  `source` varchar(255) NOT NULL,
  `uploaded_by` varchar(64) NOT NULL,
  `uploaded_at` datetime(6) NOT NULL,
  `activated_at` datetime(6) DEFAULT NULL,
  `approved_by` varchar(64) NOT NULL DEFAULT '',
  `approved_at` datetime(6) DEFAULT NULL,
  PRIMARY KEY (`digest`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
/*!40101 SET character_set_client = @saved_cs_client */;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `review_heads` (
  `id` bigint(20) NOT NULL,
  `seq` bigint(20) unsigned NOT NULL,
  `hash` varchar(64) NOT NULL,
  `updated_at` datetime(6) NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `review_heads` VALUES (1,3,'9a3a6df6805999755f667cbd0d91e08931b6dbf57ac19a1d223719a1edc07568','2026-12-06 08:02:18.587690');
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `reviews` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `review_id` varchar(36) NOT NULL,
  `decision_id` varchar(36) NOT NULL,
  `step` bigint(20) NOT NULL,
  `action` varchar(8) NOT NULL,
  `exception_code` varchar(64) NOT NULL,
  `conditions` text NOT NULL,
  `rationale` text NOT NULL,
  `reviewer` varchar(64) NOT NULL,
  `reviewed_at` datetime(6) NOT NULL,
  `state` varchar(24) NOT NULL,
  `final_outcome` varchar(8) NOT NULL,
  `seq` bigint(20) unsigned NOT NULL,
  `prev_hash` varchar(64) NOT NULL,
  `hash` varchar(64) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `idx_reviews_review_id` (`review_id`),
  UNIQUE KEY `idx_reviews_decision_step` (`decision_id`,`step`),
  UNIQUE KEY `idx_reviews_seq` (`seq`),
  KEY `idx_reviews_exception_code` (`exception_code`),
  KEY `idx_reviews_reviewer` (`reviewer`),
  KEY `idx_reviews_reviewed_at` (`reviewed_at`)
) ENGINE=InnoDB AUTO_INCREMENT=4 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `reviews` VALUES (1,'01a24a60-0d59-758d-9ba3-193ae2d39e66','01a24a60-0d3a-7a62-a0a0-1434db68b47b',1,'approve','','[\"annual review\"]','fixture: reviewed','rev-1','2026-12-06 08:02:18.585364','closed','approve',1,'','9cbac0b395e2586473c629f6d59b3d504aebb993b5ff0d905461ee942b99c0a4');
INSERT INTO `reviews` VALUES (2,'01a24a60-0d5a-7abb-89d4-6cd6029d247c','01a24a60-0d45-7065-a495-320058160208',1,'approve','','[\"annual review\"]','fixture: reviewed','rev-1','2026-12-06 08:02:18.586703','closed','approve',2,'9cbac0b395e2586473c629f6d59b3d504aebb993b5ff0d905461ee942b99c0a4','82ad3f19671501214b1832cadd747b4fbb0e3ad934f39b934587cb39fee9748d');
INSERT INTO `reviews` VALUES (3,'01a24a60-0d5b-7a87-bd7e-5603bc5d7137','01a24a60-0d46-7c14-806d-638286d4430d',1,'decline','','[]','fixture: declined on review','rev-2','2026-12-06 08:02:18.587690','closed','decline',3,'82ad3f19671501214b1832cadd747b4fbb0e3ad934f39b934587cb39fee9748d','9a3a6df6805999755f667cbd0d91e08931b6dbf57ac19a1d223719a1edc07568');
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `tree_hashes` (
  `idx` bigint(20) NOT NULL,
  `hash` varbinary(32) NOT NULL,
  PRIMARY KEY (`idx`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `tree_hashes` VALUES (0,0x9C02AB3A3F43ABA879D21E94CD1389FC826B97BC0C6FC3641E2E90C0E60C9E88);
INSERT INTO `tree_hashes` VALUES (1,0xB5C236E23D06DD88CF9E7510BBB3EC6067A9743EAF62F220A9BBF933E2559A79);
INSERT INTO `tree_hashes` VALUES (2,0xA282303885E25C3ADC30895287AEC08280030DF73293CCCF6A5308D3E937A446);
INSERT INTO `tree_hashes` VALUES (3,0xE6985CBC2C81A1D36D752F9D74D75C33FD9E62D3F61E40802BA65250293CB4B2);
INSERT INTO `tree_hashes` VALUES (4,0xFCC5244C4942C30F4A8CDFCAA94CBF2048397E1419F9906AC566FB309EC8D168);
INSERT INTO `tree_hashes` VALUES (5,0x97337E0E1E9DF614D6BB3BCFAE8BC1348D60308CCF41C939E64D9A784939D407);
INSERT INTO `tree_hashes` VALUES (6,0x8536694AB6EE091FDE9CB34DE234229BBA4D75E9410571A61DF46439938C49E6);
INSERT INTO `tree_hashes` VALUES (7,0xF129BDA04220F3F0C93AF00E84F4A253146937330426FD6E8921FFFD46196550);
INSERT INTO `tree_hashes` VALUES (8,0x9973960CF2EC57BC7500B904EAEFB07E104EF3FF59B8BE516CF5A22171763BB1);
INSERT INTO `tree_hashes` VALUES (9,0xDDEA5BF7F8AEDEAA556915A9BBD083599AC7920FF896266DF398FF5546356931);
INSERT INTO `tree_hashes` VALUES (10,0x73C5867F0F915502B3764A3D6E60235294D009D127E74A9D5B82F43A1DB3F625);
INSERT INTO `tree_hashes` VALUES (11,0x07C6A17C29C35B9300B07B88B83D6C068DEC71E15259E242F3BF2B5FE71A1B4A);
INSERT INTO `tree_hashes` VALUES (12,0x34DE8BDAD8C7B1EA8A72E5BDFB17ABDA9FAC6649D99814014FD18A53D8F7ADFA);
INSERT INTO `tree_hashes` VALUES (13,0x0821802C6A8BC14047BA13565233ABB53437672FDCA544C2AB88EAA148A07046);
INSERT INTO `tree_hashes` VALUES (14,0x8C066589DEDD11DA9596527E0C9D27B7D4411BA60AC53890331F12CB6A21EA03);
INSERT INTO `tree_hashes` VALUES (15,0xEE6E75F1AFE6921093DBCDF47A2705A1AD560D844A853285A845AB7040BB1371);
INSERT INTO `tree_hashes` VALUES (16,0xFD83F1062B7460B75ADD6502BA0204BF03ABDCEB97CCE91808ADC4D0C3809AD9);
INSERT INTO `tree_hashes` VALUES (17,0x62FA3A6286EB36EEBE488C1FF3A41B247AE884EA23739BC1CAAA40AFEE907C4A);
INSERT INTO `tree_hashes` VALUES (18,0xA5DBC09CC0BFE81A526E62461E9D74FE388A3C9CA99422357DF11036583FC8AD);
INSERT INTO `tree_hashes` VALUES (19,0x662939B75E51CB9A92954C2BAC78C44F4EC385B9B5CED32E7DFAED036A960724);
INSERT INTO `tree_hashes` VALUES (20,0x4A9CA425124C0A64548BFFA150A5FDE73F158B249D7094A43738884A917E4573);
INSERT INTO `tree_hashes` VALUES (21,0x2EC8BB0E42C5EB53522AD88822E27C20BFA16B3C7CA050F8F506086E0B0FA193);
INSERT INTO `tree_hashes` VALUES (22,0xBDB42DA49527ECD46777735B9DE177FE36C1AF04A1071ED4073C2BD439B5DD78);
INSERT INTO `tree_hashes` VALUES (23,0x258D4C54ADD1D0678D0F18968ECBC2A800576E1EA029412C9F51F4781332A37B);
INSERT INTO `tree_hashes` VALUES (24,0xEF457EFABC42DE45EB9B40BE9E0B5C217F9813F5DF1BC222CB8B5EF5D25D2ECC);
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `tree_ranges` (
  `start` bigint(20) NOT NULL,
  `chain_id` varchar(96) NOT NULL,
  `from_seq` bigint(20) unsigned NOT NULL,
  `count` bigint(20) NOT NULL,
  PRIMARY KEY (`start`),
  KEY `idx_tree_ranges_chain` (`chain_id`,`from_seq`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `tree_ranges` VALUES (0,'test-20261206T080218.554253Z-927c2c3c',0,10);
INSERT INTO `tree_ranges` VALUES (10,'reviews',0,3);
INSERT INTO `tree_ranges` VALUES (13,'test-20261206T080218.554253Z-927c2c3c',10,1);
