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
) ENGINE=InnoDB AUTO_INCREMENT=2 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `checkpoints` VALUES (1,13,'44a18cb57b55984783a32a4a61f3a9d2a05a994cc0374e0205f46ae85dbe50cb','[{\"chain_id\":\"reviews\",\"kind\":\"review\",\"seq\":3,\"hash\":\"eea5dfd256c91aa8864da000e612d61eb235a707e923bec6a9143707d8cbad8a\"},{\"chain_id\":\"test-20261206T074145.403951Z-3cdd04f6\",\"kind\":\"decision\",\"seq\":10,\"hash\":\"cf6f58720195015dd5417e5acfa9d72e27503b36ea99716d05ffa8d03402b70e\"}]','greencredit decision log\n13\nRKGMtXtVmEeDoypKYfOp0qBamUzAN04CBfRq6F2+UMs=\n2026-12-06T07:41:45.506703Z\nregistry 958593b9ce5718a0aad14b013e930ee1542c044a6da2e46b9cf5a5a8f419a453\n\n— greencredit-test ut27OmEaVj2JwWDYpEHFU7POGM2Iw9H5lxmPjIX86vbPsQusyvvxB4DqiukrwFA3+qwoQLOXc7KkFeok2FKHds2szAE=\n','2026-12-06 07:41:45.506703');
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
INSERT INTO `decision_chains` VALUES ('test-20261206T074145.403951Z-3cdd04f6',11,'191bca1f5569b098e36e1431e44b7385b167b0cf7a6d0c75ef545cd0826b3e84','2026-12-06 07:41:45.403951','2026-12-06 07:41:45.509434','greencredit chain\ntest-20261206T074145.403951Z-3cdd04f6\n2026-12-06T07:41:45.403951Z\n\n— greencredit-test ut27Oq/2MvOn8Trzodms4P8Lx+FkGOcx6VWV2g/2S0PEOLRT89fI6IpRO6YaM6RNfAPmmp76Fn0Taokts83okeJgJgo=\n');
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
INSERT INTO `decision_status` VALUES ('01a24a4d-3c3c-76da-86b6-7b95b482097a','YY-LC-01','refer','2026-12-06 07:41:45.404835','closed','approve',1,'rev-1','2026-12-06 07:41:45.456265','','');
INSERT INTO `decision_status` VALUES ('01a24a4d-3c51-769b-9f38-a1c5c30c780c','YY-LC-01','refer','2026-12-06 07:41:45.425685','closed','approve',1,'rev-1','2026-12-06 07:41:45.457416','','');
INSERT INTO `decision_status` VALUES ('01a24a4d-3c59-75a9-b99d-49e127dbd035','YY-LC-01','refer','2026-12-06 07:41:45.433625','closed','decline',1,'rev-2','2026-12-06 07:41:45.459860','','');
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
INSERT INTO `decisions` VALUES (1,'01a24a4d-3c3c-76da-86b6-7b95b482097a','FX-00','C-cement','YY-LC-01','C3011',500000000,'new','refer','control',0,'','2025',0,'request','[{\"code\":\"THOS_ADMISSION_REVIEW\",\"message\":\"“两高一剩”行业企业，严格信贷准入，须人工审查\",\"message_en\":\"Two-high-one-surplus industry: strict admission, manual review\",\"clause\":\"四(四)2\",\"outcome\":\"refer\",\"stance\":\"control\",\"evidence\":{\"applicant_kind\":\"enterprise\",\"energy_compliant\":true,\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"lists\":[{\"entries\":[\"C3011\"],\"list\":\"overcapacity\",\"source\":\"国发〔2013〕41号 (steel, cement, electrolytic aluminium, flat glass, shipbuilding); 国发〔2016〕6号 (steel), 国发〔2016〕7号 (coal)\"},{\"entries\":[\"C30\"],\"list\":\"high_energy\",\"source\":\"National Bureau of Statistics: the six energy-intensive industries (C25, C26, C30, C31, C32, D44), with power generation narrowed to fossil generation\"},{\"entries\":[\"C30\"],\"list\":\"high_pollution\",\"source\":\"Former Ministry of Environmental Protection, 2008 list of heavy-polluting industries; Zhejiang\'s six heavy-polluting industries, 浙环发〔2016〕46号《浙江省工业污染防治“十三五”规划》 (铅蓄电池、电镀、印染、造纸、制革、化工)\"}],\"loan_kind\":\"new\",\"project_type\":\"other\"}}]','{\"application_id\":\"FX-00\",\"branch_id\":\"YY-LC-01\",\"applicant\":{\"customer_id\":\"C-cement\",\"name\":\"hmac-sha256:cb25434e23f90c25364f9317e4a117dff8979e789c8cb7d861fae6974037b020\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"C3011\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":\"0.1\",\"existing_balance\":\"0.00\"},\"loan\":{\"amount\":\"5000000.00\",\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 cement\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"}}','{\"application_id\":\"FX-00\",\"branch_id\":\"YY-LC-01\",\"decided_on\":\"2026-12-06\",\"applicant\":{\"customer_id\":\"C-cement\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"C3011\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":0.1,\"existing_balance_fen\":0,\"requested_balance_fen\":0,\"booked_balance_fen\":0},\"loan\":{\"amount_fen\":500000000,\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 cement\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"},\"book\":{\"total_fen\":0,\"thos_fen\":0,\"real_estate_fen\":0,\"personal_housing_fen\":0,\"green_fen\":0,\"complete\":false},\"defaulted\":[\"loan.green_category_version\",\"loan.project_type\",\"loan.real_estate_purpose\"]}','{\"outcome\":\"refer\",\"stance\":\"control\",\"green\":false,\"green_category\":\"\",\"green_category_version\":\"2025\",\"green_evidence\":{\"basis\":\"\",\"claim_plausible\":false,\"claimed_category\":\"\",\"green_category_version\":\"2025\",\"in_force_version\":\"2025\",\"intrinsically_green_industry\":false,\"items_listing_class\":[\"3.2.7\"]},\"reasons\":[{\"code\":\"THOS_ADMISSION_REVIEW\",\"message\":\"“两高一剩”行业企业，严格信贷准入，须人工审查\",\"message_en\":\"Two-high-one-surplus industry: strict admission, manual review\",\"clause\":\"四(四)2\",\"outcome\":\"refer\",\"stance\":\"control\",\"evidence\":{\"applicant_kind\":\"enterprise\",\"energy_compliant\":true,\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"lists\":[{\"entries\":[\"C3011\"],\"list\":\"overcapacity\",\"source\":\"国发〔2013〕41号 (steel, cement, electrolytic aluminium, flat glass, shipbuilding); 国发〔2016〕6号 (steel), 国发〔2016〕7号 (coal)\"},{\"entries\":[\"C30\"],\"list\":\"high_energy\",\"source\":\"National Bureau of Statistics: the six energy-intensive industries (C25, C26, C30, C31, C32, D44), with power generation narrowed to fossil generation\"},{\"entries\":[\"C30\"],\"list\":\"high_pollution\",\"source\":\"Former Ministry of Environmental Protection, 2008 list of heavy-polluting industries; Zhejiang\'s six heavy-polluting industries, 浙环发〔2016〕46号《浙江省工业污染防治“十三五”规划》 (铅蓄电池、电镀、印染、造纸、制革、化工)\"}],\"loan_kind\":\"new\",\"project_type\":\"other\"}}],\"conditions\":[\"exposure counted against the two-high-one-surplus volume cap\"],\"classes\":{\"coarse\":false,\"high_energy\":true,\"high_pollution\":true,\"intrinsically_green\":false,\"overcapacity\":true,\"quasi_real_estate\":false,\"real_estate\":false,\"real_estate_possible\":false,\"renewable\":false,\"renewable_possible\":false,\"supported\":false,\"thos\":true,\"thos_possible\":true}}','2026-12-01.1','sha256:cddc1e41e9990b4c7ff8aad87846bbd2c6c8665251ee6d5cc58718767ebb7773','2026-12-06 07:41:45.404835','officer-a','cb25434e23f90c25364f9317e4a117dff8979e789c8cb7d861fae6974037b020','','test-20261206T074145.403951Z-3cdd04f6',1,'','288a9cd678ecf58ba096ec9f8e679a56222c9beb847185bab3f13396b64b9927');
INSERT INTO `decisions` VALUES (2,'01a24a4d-3c3e-7585-bb75-91f3ff6ee686','FX-01','C-sewage','YY-LC-01','N7721',80000000,'new','approve','support',1,'2.3.1','2025',0,'request','[{\"code\":\"SUPPORTED_SECTOR\",\"message\":\"属“有保”支持领域（先进制造业、现代服务业、新农村和美丽乡村建设、农户或绿色项目），予以信贷支持\",\"message_en\":\"Supported sector (advanced manufacturing, modern services, new-countryside and beautiful-village construction, farmer household or green project): credit supported\",\"clause\":\"四(四)2\",\"outcome\":\"approve\",\"stance\":\"support\",\"evidence\":{\"farmer_household\":false,\"industrial_policy_class\":\"permitted\",\"plausible_green_claim\":false,\"supported_industry\":true}}]','{\"application_id\":\"FX-01\",\"branch_id\":\"YY-LC-01\",\"applicant\":{\"customer_id\":\"C-sewage\",\"name\":\"hmac-sha256:38adcd7a04bf5c314f880b857267bbdedb521a29558cc5cc1d61c486608e2dfb\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"N7721\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":\"0.1\",\"existing_balance\":\"0.00\"},\"loan\":{\"amount\":\"800000.00\",\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 sewage\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"}}','{\"application_id\":\"FX-01\",\"branch_id\":\"YY-LC-01\",\"decided_on\":\"2026-12-06\",\"applicant\":{\"customer_id\":\"C-sewage\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"N7721\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":0.1,\"existing_balance_fen\":0,\"requested_balance_fen\":0,\"booked_balance_fen\":0},\"loan\":{\"amount_fen\":80000000,\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 sewage\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"},\"book\":{\"total_fen\":0,\"thos_fen\":0,\"real_estate_fen\":0,\"personal_housing_fen\":0,\"green_fen\":0,\"complete\":false},\"defaulted\":[\"loan.green_category_version\",\"loan.project_type\",\"loan.real_estate_purpose\"]}','{\"outcome\":\"approve\",\"stance\":\"support\",\"green\":true,\"green_category\":\"2.3.1\",\"green_category_version\":\"2025\",\"green_evidence\":{\"basis\":\"industry\",\"claim_plausible\":false,\"claimed_category\":\"\",\"green_category_version\":\"2025\",\"in_force_version\":\"2025\",\"intrinsically_green_industry\":true,\"items_listing_class\":[\"2.3.1\",\"2.3.2\",\"2.3.3\",\"2.5.8\",\"2.5.11\",\"3.2.3\",\"5.2.10\"]},\"reasons\":[{\"code\":\"SUPPORTED_SECTOR\",\"message\":\"属“有保”支持领域（先进制造业、现代服务业、新农村和美丽乡村建设、农户或绿色项目），予以信贷支持\",\"message_en\":\"Supported sector (advanced manufacturing, modern services, new-countryside and beautiful-village construction, farmer household or green project): credit supported\",\"clause\":\"四(四)2\",\"outcome\":\"approve\",\"stance\":\"support\",\"evidence\":{\"farmer_household\":false,\"industrial_policy_class\":\"permitted\",\"plausible_green_claim\":false,\"supported_industry\":true}}],\"conditions\":[],\"classes\":{\"coarse\":false,\"high_energy\":false,\"high_pollution\":false,\"intrinsically_green\":true,\"overcapacity\":false,\"quasi_real_estate\":false,\"real_estate\":false,\"real_estate_possible\":false,\"renewable\":false,\"renewable_possible\":false,\"supported\":true,\"thos\":false,\"thos_possible\":false}}','2026-12-01.1','sha256:cddc1e41e9990b4c7ff8aad87846bbd2c6c8665251ee6d5cc58718767ebb7773','2026-12-06 07:41:45.406556','officer-a','38adcd7a04bf5c314f880b857267bbdedb521a29558cc5cc1d61c486608e2dfb','','test-20261206T074145.403951Z-3cdd04f6',2,'288a9cd678ecf58ba096ec9f8e679a56222c9beb847185bab3f13396b64b9927','0965886a1acafdeb97f0ef5863c571db096b45a8e53eae7eacc6438ca1204ac1');
INSERT INTO `decisions` VALUES (3,'01a24a4d-3c41-7c0b-ad71-134b42835366','FX-02','C-farm','YY-LC-01','A0111',30000000,'new','approve','support',0,'','2025',0,'request','[{\"code\":\"SUPPORTED_SECTOR\",\"message\":\"属“有保”支持领域（先进制造业、现代服务业、新农村和美丽乡村建设、农户或绿色项目），予以信贷支持\",\"message_en\":\"Supported sector (advanced manufacturing, modern services, new-countryside and beautiful-village construction, farmer household or green project): credit supported\",\"clause\":\"四(四)2\",\"outcome\":\"approve\",\"stance\":\"support\",\"evidence\":{\"farmer_household\":false,\"industrial_policy_class\":\"permitted\",\"plausible_green_claim\":false,\"supported_industry\":true}}]','{\"application_id\":\"FX-02\",\"branch_id\":\"YY-LC-01\",\"applicant\":{\"customer_id\":\"C-farm\",\"name\":\"hmac-sha256:f31f63b913be252550ebb2b59a60cbccfdabc1c30a0ddf2d8221de41a097da49\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"A0111\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":\"0.1\",\"existing_balance\":\"0.00\"},\"loan\":{\"amount\":\"300000.00\",\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 farm\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"}}','{\"application_id\":\"FX-02\",\"branch_id\":\"YY-LC-01\",\"decided_on\":\"2026-12-06\",\"applicant\":{\"customer_id\":\"C-farm\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"A0111\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":0.1,\"existing_balance_fen\":0,\"requested_balance_fen\":0,\"booked_balance_fen\":0},\"loan\":{\"amount_fen\":30000000,\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 farm\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"},\"book\":{\"total_fen\":0,\"thos_fen\":0,\"real_estate_fen\":0,\"personal_housing_fen\":0,\"green_fen\":0,\"complete\":false},\"defaulted\":[\"loan.green_category_version\",\"loan.project_type\",\"loan.real_estate_purpose\"]}','{\"outcome\":\"approve\",\"stance\":\"support\",\"green\":false,\"green_category\":\"\",\"green_category_version\":\"2025\",\"green_evidence\":{\"basis\":\"\",\"claim_plausible\":false,\"claimed_category\":\"\",\"green_category_version\":\"2025\",\"in_force_version\":\"2025\",\"intrinsically_green_industry\":false,\"items_listing_class\":[\"5.1.3\"]},\"reasons\":[{\"code\":\"SUPPORTED_SECTOR\",\"message\":\"属“有保”支持领域（先进制造业、现代服务业、新农村和美丽乡村建设、农户或绿色项目），予以信贷支持\",\"message_en\":\"Supported sector (advanced manufacturing, modern services, new-countryside and beautiful-village construction, farmer household or green project): credit supported\",\"clause\":\"四(四)2\",\"outcome\":\"approve\",\"stance\":\"support\",\"evidence\":{\"farmer_household\":false,\"industrial_policy_class\":\"permitted\",\"plausible_green_claim\":false,\"supported_industry\":true}}],\"conditions\":[],\"classes\":{\"coarse\":false,\"high_energy\":false,\"high_pollution\":false,\"intrinsically_green\":false,\"overcapacity\":false,\"quasi_real_estate\":false,\"real_estate\":false,\"real_estate_possible\":false,\"renewable\":false,\"renewable_possible\":false,\"supported\":true,\"thos\":false,\"thos_possible\":false}}','2026-12-01.1','sha256:cddc1e41e9990b4c7ff8aad87846bbd2c6c8665251ee6d5cc58718767ebb7773','2026-12-06 07:41:45.411200','officer-a','f31f63b913be252550ebb2b59a60cbccfdabc1c30a0ddf2d8221de41a097da49','','test-20261206T074145.403951Z-3cdd04f6',3,'0965886a1acafdeb97f0ef5863c571db096b45a8e53eae7eacc6438ca1204ac1','169ae33b9eb8f766bee830c71ef82fc61cb6d63b56f44cc776a2038c8b86bdb4');
INSERT INTO `decisions` VALUES (4,'01a24a4d-3c49-7588-8655-ed5522a40622','FX-03','C-solar','YY-LC-01','D4416',200000000,'new','decline','compress',0,'','2025',0,'request','[{\"code\":\"RENEWABLE_NEW_ENTRANT\",\"message\":\"太阳能、光伏、风能行业禁止新企业进入，在本行无存量贷款的企业不予准入\",\"message_en\":\"Solar, PV and wind industry: new entrants are prohibited; an applicant without an existing balance at the bank is declined\",\"clause\":\"四(四)2\",\"outcome\":\"decline\",\"stance\":\"compress\",\"evidence\":{\"allowed_balance_fen\":0,\"amount_fen\":200000000,\"applicant_kind\":\"enterprise\",\"existing_balance_fen\":0,\"green_category\":\"\",\"lists\":[{\"entries\":[\"D4416\"],\"list\":\"renewable\",\"source\":\"余政办发〔2017〕63号 四(四)2: 重点限制太阳能、光伏、风能行业，禁止新企业进入，存量贷款进行结构调整，压缩清收\"}],\"loan_kind\":\"new\",\"min_compression_bp\":0}}]','{\"application_id\":\"FX-03\",\"branch_id\":\"YY-LC-01\",\"applicant\":{\"customer_id\":\"C-solar\",\"name\":\"hmac-sha256:58283b13766270aef802ae490ef4d5e8fdd63ce6f50c1bcca285baaf45f59ad8\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"D4416\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":\"0.1\",\"existing_balance\":\"0.00\"},\"loan\":{\"amount\":\"2000000.00\",\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 solar\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"}}','{\"application_id\":\"FX-03\",\"branch_id\":\"YY-LC-01\",\"decided_on\":\"2026-12-06\",\"applicant\":{\"customer_id\":\"C-solar\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"D4416\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":0.1,\"existing_balance_fen\":0,\"requested_balance_fen\":0,\"booked_balance_fen\":0},\"loan\":{\"amount_fen\":200000000,\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 solar\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"},\"book\":{\"total_fen\":0,\"thos_fen\":0,\"real_estate_fen\":0,\"personal_housing_fen\":0,\"green_fen\":0,\"complete\":false},\"defaulted\":[\"loan.green_category_version\",\"loan.project_type\",\"loan.real_estate_purpose\"]}','{\"outcome\":\"decline\",\"stance\":\"compress\",\"green\":false,\"green_category\":\"\",\"green_category_version\":\"2025\",\"green_evidence\":{\"basis\":\"\",\"claim_plausible\":false,\"claimed_category\":\"\",\"green_category_version\":\"2025\",\"in_force_version\":\"2025\",\"intrinsically_green_industry\":false,\"items_listing_class\":[\"4.2.2\",\"4.2.8\",\"4.3.1\",\"4.3.2\",\"4.3.7\"]},\"reasons\":[{\"code\":\"RENEWABLE_NEW_ENTRANT\",\"message\":\"太阳能、光伏、风能行业禁止新企业进入，在本行无存量贷款的企业不予准入\",\"message_en\":\"Solar, PV and wind industry: new entrants are prohibited; an applicant without an existing balance at the bank is declined\",\"clause\":\"四(四)2\",\"outcome\":\"decline\",\"stance\":\"compress\",\"evidence\":{\"allowed_balance_fen\":0,\"amount_fen\":200000000,\"applicant_kind\":\"enterprise\",\"existing_balance_fen\":0,\"green_category\":\"\",\"lists\":[{\"entries\":[\"D4416\"],\"list\":\"renewable\",\"source\":\"余政办发〔2017〕63号 四(四)2: 重点限制太阳能、光伏、风能行业，禁止新企业进入，存量贷款进行结构调整，压缩清收\"}],\"loan_kind\":\"new\",\"min_compression_bp\":0}}],\"conditions\":[],\"classes\":{\"coarse\":false,\"high_energy\":false,\"high_pollution\":false,\"intrinsically_green\":false,\"overcapacity\":false,\"quasi_real_estate\":false,\"real_estate\":false,\"real_estate_possible\":false,\"renewable\":true,\"renewable_possible\":true,\"supported\":false,\"thos\":false,\"thos_possible\":false}}','2026-12-01.1','sha256:cddc1e41e9990b4c7ff8aad87846bbd2c6c8665251ee6d5cc58718767ebb7773','2026-12-06 07:41:45.417614','officer-a','58283b13766270aef802ae490ef4d5e8fdd63ce6f50c1bcca285baaf45f59ad8','','test-20261206T074145.403951Z-3cdd04f6',4,'169ae33b9eb8f766bee830c71ef82fc61cb6d63b56f44cc776a2038c8b86bdb4','7f482f012799a0c24eea95041e53e4b50564d5f35422ca30854a2081438bd4a5');
INSERT INTO `decisions` VALUES (5,'01a24a4d-3c51-769b-9f38-a1c5c30c780c','FX-04','C-steel','YY-LC-01','C3120',900000000,'new','refer','control',0,'','2025',0,'request','[{\"code\":\"THOS_ADMISSION_REVIEW\",\"message\":\"“两高一剩”行业企业，严格信贷准入，须人工审查\",\"message_en\":\"Two-high-one-surplus industry: strict admission, manual review\",\"clause\":\"四(四)2\",\"outcome\":\"refer\",\"stance\":\"control\",\"evidence\":{\"applicant_kind\":\"enterprise\",\"energy_compliant\":true,\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"lists\":[{\"entries\":[\"C3120\"],\"list\":\"overcapacity\",\"source\":\"国发〔2013〕41号 (steel, cement, electrolytic aluminium, flat glass, shipbuilding); 国发〔2016〕6号 (steel), 国发〔2016〕7号 (coal)\"},{\"entries\":[\"C31\"],\"list\":\"high_energy\",\"source\":\"National Bureau of Statistics: the six energy-intensive industries (C25, C26, C30, C31, C32, D44), with power generation narrowed to fossil generation\"},{\"entries\":[\"C31\"],\"list\":\"high_pollution\",\"source\":\"Former Ministry of Environmental Protection, 2008 list of heavy-polluting industries; Zhejiang\'s six heavy-polluting industries, 浙环发〔2016〕46号《浙江省工业污染防治“十三五”规划》 (铅蓄电池、电镀、印染、造纸、制革、化工)\"}],\"loan_kind\":\"new\",\"project_type\":\"other\"}}]','{\"application_id\":\"FX-04\",\"branch_id\":\"YY-LC-01\",\"applicant\":{\"customer_id\":\"C-steel\",\"name\":\"hmac-sha256:ca875124466ae682681126716fc56277cd8ba69a680c784df9f90c296f3fc57b\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"C3120\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":\"0.1\",\"existing_balance\":\"0.00\"},\"loan\":{\"amount\":\"9000000.00\",\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 steel\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"}}','{\"application_id\":\"FX-04\",\"branch_id\":\"YY-LC-01\",\"decided_on\":\"2026-12-06\",\"applicant\":{\"customer_id\":\"C-steel\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"C3120\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":0.1,\"existing_balance_fen\":0,\"requested_balance_fen\":0,\"booked_balance_fen\":0},\"loan\":{\"amount_fen\":900000000,\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 steel\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"},\"book\":{\"total_fen\":0,\"thos_fen\":0,\"real_estate_fen\":0,\"personal_housing_fen\":0,\"green_fen\":0,\"complete\":false},\"defaulted\":[\"loan.green_category_version\",\"loan.project_type\",\"loan.real_estate_purpose\"]}','{\"outcome\":\"refer\",\"stance\":\"control\",\"green\":false,\"green_category\":\"\",\"green_category_version\":\"2025\",\"green_evidence\":{\"basis\":\"\",\"claim_plausible\":false,\"claimed_category\":\"\",\"green_category_version\":\"2025\",\"in_force_version\":\"2025\",\"intrinsically_green_industry\":false,\"items_listing_class\":[\"3.2.7\"]},\"reasons\":[{\"code\":\"THOS_ADMISSION_REVIEW\",\"message\":\"“两高一剩”行业企业，严格信贷准入，须人工审查\",\"message_en\":\"Two-high-one-surplus industry: strict admission, manual review\",\"clause\":\"四(四)2\",\"outcome\":\"refer\",\"stance\":\"control\",\"evidence\":{\"applicant_kind\":\"enterprise\",\"energy_compliant\":true,\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"lists\":[{\"entries\":[\"C3120\"],\"list\":\"overcapacity\",\"source\":\"国发〔2013〕41号 (steel, cement, electrolytic aluminium, flat glass, shipbuilding); 国发〔2016〕6号 (steel), 国发〔2016〕7号 (coal)\"},{\"entries\":[\"C31\"],\"list\":\"high_energy\",\"source\":\"National Bureau of Statistics: the six energy-intensive industries (C25, C26, C30, C31, C32, D44), with power generation narrowed to fossil generation\"},{\"entries\":[\"C31\"],\"list\":\"high_pollution\",\"source\":\"Former Ministry of Environmental Protection, 2008 list of heavy-polluting industries; Zhejiang\'s six heavy-polluting industries, 浙环发〔2016〕46号《浙江省工业污染防治“十三五”规划》 (铅蓄电池、电镀、印染、造纸、制革、化工)\"}],\"loan_kind\":\"new\",\"project_type\":\"other\"}}],\"conditions\":[\"exposure counted against the two-high-one-surplus volume cap\"],\"classes\":{\"coarse\":false,\"high_energy\":true,\"high_pollution\":true,\"intrinsically_green\":false,\"overcapacity\":true,\"quasi_real_estate\":false,\"real_estate\":false,\"real_estate_possible\":false,\"renewable\":false,\"renewable_possible\":false,\"supported\":false,\"thos\":true,\"thos_possible\":true}}','2026-12-01.1','sha256:cddc1e41e9990b4c7ff8aad87846bbd2c6c8665251ee6d5cc58718767ebb7773','2026-12-06 07:41:45.425685','officer-a','ca875124466ae682681126716fc56277cd8ba69a680c784df9f90c296f3fc57b','','test-20261206T074145.403951Z-3cdd04f6',5,'7f482f012799a0c24eea95041e53e4b50564d5f35422ca30854a2081438bd4a5','890a016e0a2334445d80aa789be2b270445bb5b2d9f22016fcee0415242afdba');
INSERT INTO `decisions` VALUES (6,'01a24a4d-3c59-75a9-b99d-49e127dbd035','FX-05','C-estate','YY-LC-01','K7010',700000000,'new','refer','control',0,'','2025',0,'request','[{\"code\":\"REAL_ESTATE_LIMIT\",\"message\":\"房地产行业（含类房地产企业）或房地产开发、商业用房贷款，限制授信，须人工审查\",\"message_en\":\"Real-estate or quasi-real-estate borrower, or a development or commercial-property loan: restricted lending, manual review\",\"clause\":\"四(四)2\",\"outcome\":\"refer\",\"stance\":\"control\",\"evidence\":{\"lists\":[{\"entries\":[\"K70\"],\"list\":\"real_estate\",\"source\":\"GB/T 4754-2017 division K70 (房地产业); 余政办发〔2017〕63号 四(四)2: 限制房地产行业（类房地产企业）贷款\"}],\"quasi_real_estate\":false,\"quasi_real_estate_ratio\":0.5,\"real_estate_purpose\":\"none\",\"real_estate_revenue_ratio\":0.1}}]','{\"application_id\":\"FX-05\",\"branch_id\":\"YY-LC-01\",\"applicant\":{\"customer_id\":\"C-estate\",\"name\":\"hmac-sha256:5076714f411b4278a3a4a08c8421cb3af3cee92bb699f3a239300c10066422ab\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"K7010\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":\"0.1\",\"existing_balance\":\"0.00\"},\"loan\":{\"amount\":\"7000000.00\",\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 estate\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"}}','{\"application_id\":\"FX-05\",\"branch_id\":\"YY-LC-01\",\"decided_on\":\"2026-12-06\",\"applicant\":{\"customer_id\":\"C-estate\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"K7010\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":0.1,\"existing_balance_fen\":0,\"requested_balance_fen\":0,\"booked_balance_fen\":0},\"loan\":{\"amount_fen\":700000000,\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 estate\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"},\"book\":{\"total_fen\":0,\"thos_fen\":0,\"real_estate_fen\":0,\"personal_housing_fen\":0,\"green_fen\":0,\"complete\":false},\"defaulted\":[\"loan.green_category_version\",\"loan.project_type\",\"loan.real_estate_purpose\"]}','{\"outcome\":\"refer\",\"stance\":\"control\",\"green\":false,\"green_category\":\"\",\"green_category_version\":\"2025\",\"green_evidence\":{\"basis\":\"\",\"claim_plausible\":false,\"claimed_category\":\"\",\"green_category_version\":\"2025\",\"in_force_version\":\"2025\",\"intrinsically_green_industry\":false,\"items_listing_class\":[\"6.1.1\",\"6.1.2\",\"6.1.4\"]},\"reasons\":[{\"code\":\"REAL_ESTATE_LIMIT\",\"message\":\"房地产行业（含类房地产企业）或房地产开发、商业用房贷款，限制授信，须人工审查\",\"message_en\":\"Real-estate or quasi-real-estate borrower, or a development or commercial-property loan: restricted lending, manual review\",\"clause\":\"四(四)2\",\"outcome\":\"refer\",\"stance\":\"control\",\"evidence\":{\"lists\":[{\"entries\":[\"K70\"],\"list\":\"real_estate\",\"source\":\"GB/T 4754-2017 division K70 (房地产业); 余政办发〔2017〕63号 四(四)2: 限制房地产行业（类房地产企业）贷款\"}],\"quasi_real_estate\":false,\"quasi_real_estate_ratio\":0.5,\"real_estate_purpose\":\"none\",\"real_estate_revenue_ratio\":0.1}}],\"conditions\":[\"exposure counted against the real-estate volume cap\"],\"classes\":{\"coarse\":false,\"high_energy\":false,\"high_pollution\":false,\"intrinsically_green\":false,\"overcapacity\":false,\"quasi_real_estate\":false,\"real_estate\":true,\"real_estate_possible\":true,\"renewable\":false,\"renewable_possible\":false,\"supported\":false,\"thos\":false,\"thos_possible\":false}}','2026-12-01.1','sha256:cddc1e41e9990b4c7ff8aad87846bbd2c6c8665251ee6d5cc58718767ebb7773','2026-12-06 07:41:45.433625','officer-a','5076714f411b4278a3a4a08c8421cb3af3cee92bb699f3a239300c10066422ab','','test-20261206T074145.403951Z-3cdd04f6',6,'890a016e0a2334445d80aa789be2b270445bb5b2d9f22016fcee0415242afdba','bb72b7148de967278372d57de97ad50c48d3310d7869ad648439b8ad1bfc6ea7');
INSERT INTO `decisions` VALUES (7,'01a24a4d-3c5c-77ec-9447-0702b26f5b55','FX-06','C-software','YY-LC-01','I6511',120000000,'new','approve','support',0,'','2025',0,'request','[{\"code\":\"SUPPORTED_SECTOR\",\"message\":\"属“有保”支持领域（先进制造业、现代服务业、新农村和美丽乡村建设、农户或绿色项目），予以信贷支持\",\"message_en\":\"Supported sector (advanced manufacturing, modern services, new-countryside and beautiful-village construction, farmer household or green project): credit supported\",\"clause\":\"四(四)2\",\"outcome\":\"approve\",\"stance\":\"support\",\"evidence\":{\"farmer_household\":false,\"industrial_policy_class\":\"permitted\",\"plausible_green_claim\":false,\"supported_industry\":true}}]','{\"application_id\":\"FX-06\",\"branch_id\":\"YY-LC-01\",\"applicant\":{\"customer_id\":\"C-software\",\"name\":\"hmac-sha256:c3f17af05363b4481349bc9fdddfea09b8821c3083d381deb99b790568d23aa9\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"I6511\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":\"0.1\",\"existing_balance\":\"0.00\"},\"loan\":{\"amount\":\"1200000.00\",\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 software\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"}}','{\"application_id\":\"FX-06\",\"branch_id\":\"YY-LC-01\",\"decided_on\":\"2026-12-06\",\"applicant\":{\"customer_id\":\"C-software\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"I6511\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":0.1,\"existing_balance_fen\":0,\"requested_balance_fen\":0,\"booked_balance_fen\":0},\"loan\":{\"amount_fen\":120000000,\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 software\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"},\"book\":{\"total_fen\":0,\"thos_fen\":0,\"real_estate_fen\":0,\"personal_housing_fen\":0,\"green_fen\":0,\"complete\":false},\"defaulted\":[\"loan.green_category_version\",\"loan.project_type\",\"loan.real_estate_purpose\"]}','{\"outcome\":\"approve\",\"stance\":\"support\",\"green\":false,\"green_category\":\"\",\"green_category_version\":\"2025\",\"green_evidence\":{\"basis\":\"\",\"claim_plausible\":false,\"claimed_category\":\"\",\"green_category_version\":\"2025\",\"in_force_version\":\"2025\",\"intrinsically_green_industry\":false,\"items_listing_class\":[]},\"reasons\":[{\"code\":\"SUPPORTED_SECTOR\",\"message\":\"属“有保”支持领域（先进制造业、现代服务业、新农村和美丽乡村建设、农户或绿色项目），予以信贷支持\",\"message_en\":\"Supported sector (advanced manufacturing, modern services, new-countryside and beautiful-village construction, farmer household or green project): credit supported\",\"clause\":\"四(四)2\",\"outcome\":\"approve\",\"stance\":\"support\",\"evidence\":{\"farmer_household\":false,\"industrial_policy_class\":\"permitted\",\"plausible_green_claim\":false,\"supported_industry\":true}}],\"conditions\":[],\"classes\":{\"coarse\":false,\"high_energy\":false,\"high_pollution\":false,\"intrinsically_green\":false,\"overcapacity\":false,\"quasi_real_estate\":false,\"real_estate\":false,\"real_estate_possible\":false,\"renewable\":false,\"renewable_possible\":false,\"supported\":true,\"thos\":false,\"thos_possible\":false}}','2026-12-01.1','sha256:cddc1e41e9990b4c7ff8aad87846bbd2c6c8665251ee6d5cc58718767ebb7773','2026-12-06 07:41:45.436735','officer-a','c3f17af05363b4481349bc9fdddfea09b8821c3083d381deb99b790568d23aa9','','test-20261206T074145.403951Z-3cdd04f6',7,'bb72b7148de967278372d57de97ad50c48d3310d7869ad648439b8ad1bfc6ea7','716357c761dbd41ada1be96cb282b6743a5664bf7114e31f0ecab7b865fe68c4');
INSERT INTO `decisions` VALUES (8,'01a24a4d-3c5e-7a71-ac44-060352de8843','FX-07','C-rail','YY-LC-01','G5411',400000000,'new','approve','support',1,'6.2.6','2025',0,'request','[{\"code\":\"SUPPORTED_SECTOR\",\"message\":\"属“有保”支持领域（先进制造业、现代服务业、新农村和美丽乡村建设、农户或绿色项目），予以信贷支持\",\"message_en\":\"Supported sector (advanced manufacturing, modern services, new-countryside and beautiful-village construction, farmer household or green project): credit supported\",\"clause\":\"四(四)2\",\"outcome\":\"approve\",\"stance\":\"support\",\"evidence\":{\"farmer_household\":false,\"industrial_policy_class\":\"permitted\",\"plausible_green_claim\":true,\"supported_industry\":false}}]','{\"application_id\":\"FX-07\",\"branch_id\":\"YY-LC-01\",\"applicant\":{\"customer_id\":\"C-rail\",\"name\":\"hmac-sha256:bf47e56ba7f0cd7e645d330c58df1e3e77878c9e45313597e0967b653ab99ef8\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"G5411\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":\"0.1\",\"existing_balance\":\"0.00\"},\"loan\":{\"amount\":\"4000000.00\",\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 rail\",\"green_category\":\"6.2.6\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"}}','{\"application_id\":\"FX-07\",\"branch_id\":\"YY-LC-01\",\"decided_on\":\"2026-12-06\",\"applicant\":{\"customer_id\":\"C-rail\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"G5411\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":0.1,\"existing_balance_fen\":0,\"requested_balance_fen\":0,\"booked_balance_fen\":0},\"loan\":{\"amount_fen\":400000000,\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 rail\",\"green_category\":\"6.2.6\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"},\"book\":{\"total_fen\":0,\"thos_fen\":0,\"real_estate_fen\":0,\"personal_housing_fen\":0,\"green_fen\":0,\"complete\":false},\"defaulted\":[\"loan.green_category_version\",\"loan.project_type\",\"loan.real_estate_purpose\"]}','{\"outcome\":\"approve\",\"stance\":\"support\",\"green\":true,\"green_category\":\"6.2.6\",\"green_category_version\":\"2025\",\"green_evidence\":{\"basis\":\"claim\",\"claim_plausible\":true,\"claimed_category\":\"6.2.6\",\"green_category_version\":\"2025\",\"in_force_version\":\"2025\",\"intrinsically_green_industry\":false,\"items_listing_class\":[\"6.2.6\"]},\"reasons\":[{\"code\":\"SUPPORTED_SECTOR\",\"message\":\"属“有保”支持领域（先进制造业、现代服务业、新农村和美丽乡村建设、农户或绿色项目），予以信贷支持\",\"message_en\":\"Supported sector (advanced manufacturing, modern services, new-countryside and beautiful-village construction, farmer household or green project): credit supported\",\"clause\":\"四(四)2\",\"outcome\":\"approve\",\"stance\":\"support\",\"evidence\":{\"farmer_household\":false,\"industrial_policy_class\":\"permitted\",\"plausible_green_claim\":true,\"supported_industry\":false}}],\"conditions\":[],\"classes\":{\"coarse\":false,\"high_energy\":false,\"high_pollution\":false,\"intrinsically_green\":false,\"overcapacity\":false,\"quasi_real_estate\":false,\"real_estate\":false,\"real_estate_possible\":false,\"renewable\":false,\"renewable_possible\":false,\"supported\":false,\"thos\":false,\"thos_possible\":false}}','2026-12-01.1','sha256:cddc1e41e9990b4c7ff8aad87846bbd2c6c8665251ee6d5cc58718767ebb7773','2026-12-06 07:41:45.438931','officer-a','bf47e56ba7f0cd7e645d330c58df1e3e77878c9e45313597e0967b653ab99ef8','','test-20261206T074145.403951Z-3cdd04f6',8,'716357c761dbd41ada1be96cb282b6743a5664bf7114e31f0ecab7b865fe68c4','cc4f701229d34524d2e9c5e9e65d9c82443c15b5f01f8242fcbe01d4e24f29b2');
INSERT INTO `decisions` VALUES (9,'01a24a4d-3c68-7865-a094-d1df1de2382b','FX-08','C-chem','YY-LC-01','C2614',60000000,'renewal','refer','control',0,'','2025',0,'request','[{\"code\":\"THOS_ADMISSION_REVIEW\",\"message\":\"“两高一剩”行业企业，严格信贷准入，须人工审查\",\"message_en\":\"Two-high-one-surplus industry: strict admission, manual review\",\"clause\":\"四(四)2\",\"outcome\":\"refer\",\"stance\":\"control\",\"evidence\":{\"applicant_kind\":\"enterprise\",\"energy_compliant\":true,\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"lists\":[{\"entries\":[\"C26\"],\"list\":\"high_energy\",\"source\":\"National Bureau of Statistics: the six energy-intensive industries (C25, C26, C30, C31, C32, D44), with power generation narrowed to fossil generation\"},{\"entries\":[\"C26\"],\"list\":\"high_pollution\",\"source\":\"Former Ministry of Environmental Protection, 2008 list of heavy-polluting industries; Zhejiang\'s six heavy-polluting industries, 浙环发〔2016〕46号《浙江省工业污染防治“十三五”规划》 (铅蓄电池、电镀、印染、造纸、制革、化工)\"}],\"loan_kind\":\"renewal\",\"project_type\":\"other\"}}]','{\"application_id\":\"FX-08\",\"branch_id\":\"YY-LC-01\",\"applicant\":{\"customer_id\":\"C-chem\",\"name\":\"hmac-sha256:540f19f91ad16fef4b178cd20f4654b5cbb531bd3b8fc49b5e0c2b3815a9c9e7\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"C2614\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":\"0.1\",\"existing_balance\":\"0.00\"},\"loan\":{\"amount\":\"600000.00\",\"term_months\":12,\"kind\":\"renewal\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 chem\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"}}','{\"application_id\":\"FX-08\",\"branch_id\":\"YY-LC-01\",\"decided_on\":\"2026-12-06\",\"applicant\":{\"customer_id\":\"C-chem\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"C2614\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":0.1,\"existing_balance_fen\":0,\"requested_balance_fen\":0,\"booked_balance_fen\":0},\"loan\":{\"amount_fen\":60000000,\"term_months\":12,\"kind\":\"renewal\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 chem\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"},\"book\":{\"total_fen\":0,\"thos_fen\":0,\"real_estate_fen\":0,\"personal_housing_fen\":0,\"green_fen\":0,\"complete\":false},\"defaulted\":[\"loan.green_category_version\",\"loan.project_type\",\"loan.real_estate_purpose\"]}','{\"outcome\":\"refer\",\"stance\":\"control\",\"green\":false,\"green_category\":\"\",\"green_category_version\":\"2025\",\"green_evidence\":{\"basis\":\"\",\"claim_plausible\":false,\"claimed_category\":\"\",\"green_category_version\":\"2025\",\"in_force_version\":\"2025\",\"intrinsically_green_industry\":false,\"items_listing_class\":[\"1.5.2\",\"3.2.7\"]},\"reasons\":[{\"code\":\"THOS_ADMISSION_REVIEW\",\"message\":\"“两高一剩”行业企业，严格信贷准入，须人工审查\",\"message_en\":\"Two-high-one-surplus industry: strict admission, manual review\",\"clause\":\"四(四)2\",\"outcome\":\"refer\",\"stance\":\"control\",\"evidence\":{\"applicant_kind\":\"enterprise\",\"energy_compliant\":true,\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"lists\":[{\"entries\":[\"C26\"],\"list\":\"high_energy\",\"source\":\"National Bureau of Statistics: the six energy-intensive industries (C25, C26, C30, C31, C32, D44), with power generation narrowed to fossil generation\"},{\"entries\":[\"C26\"],\"list\":\"high_pollution\",\"source\":\"Former Ministry of Environmental Protection, 2008 list of heavy-polluting industries; Zhejiang\'s six heavy-polluting industries, 浙环发〔2016〕46号《浙江省工业污染防治“十三五”规划》 (铅蓄电池、电镀、印染、造纸、制革、化工)\"}],\"loan_kind\":\"renewal\",\"project_type\":\"other\"}}],\"conditions\":[\"exposure counted against the two-high-one-surplus volume cap\"],\"classes\":{\"coarse\":false,\"high_energy\":true,\"high_pollution\":true,\"intrinsically_green\":false,\"overcapacity\":false,\"quasi_real_estate\":false,\"real_estate\":false,\"real_estate_possible\":false,\"renewable\":false,\"renewable_possible\":false,\"supported\":false,\"thos\":true,\"thos_possible\":true}}','2026-12-01.1','sha256:cddc1e41e9990b4c7ff8aad87846bbd2c6c8665251ee6d5cc58718767ebb7773','2026-12-06 07:41:45.448796','officer-a','540f19f91ad16fef4b178cd20f4654b5cbb531bd3b8fc49b5e0c2b3815a9c9e7','','test-20261206T074145.403951Z-3cdd04f6',9,'cc4f701229d34524d2e9c5e9e65d9c82443c15b5f01f8242fcbe01d4e24f29b2','40e24e57845cd7cf9891fadc5926eb66cf9c35c81f3fb1d1dff969cf7ea8cdc9');
INSERT INTO `decisions` VALUES (10,'01a24a4d-3c6d-7484-860b-22e58ea481ab','FX-09','C-bank','YY-LC-01','J6621',10005,'new','approve','neutral',0,'','2025',0,'request','[]','{\"application_id\":\"FX-09\",\"branch_id\":\"YY-LC-01\",\"applicant\":{\"customer_id\":\"C-bank\",\"name\":\"hmac-sha256:41714995d9ff687b9d2868019d570d7ff6d09ba56bc193cb390c1dea2085bc8c\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"J6621\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":\"0.1\",\"existing_balance\":\"0.00\"},\"loan\":{\"amount\":\"100.05\",\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 bank\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"}}','{\"application_id\":\"FX-09\",\"branch_id\":\"YY-LC-01\",\"decided_on\":\"2026-12-06\",\"applicant\":{\"customer_id\":\"C-bank\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"J6621\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":0.1,\"existing_balance_fen\":0,\"requested_balance_fen\":0,\"booked_balance_fen\":0},\"loan\":{\"amount_fen\":10005,\"term_months\":12,\"kind\":\"new\",\"purpose\":\"设备 \\u003c更新\\u003e \\u0026 改造 bank\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"},\"book\":{\"total_fen\":0,\"thos_fen\":0,\"real_estate_fen\":0,\"personal_housing_fen\":0,\"green_fen\":0,\"complete\":false},\"defaulted\":[\"loan.green_category_version\",\"loan.project_type\",\"loan.real_estate_purpose\"]}','{\"outcome\":\"approve\",\"stance\":\"neutral\",\"green\":false,\"green_category\":\"\",\"green_category_version\":\"2025\",\"green_evidence\":{\"basis\":\"\",\"claim_plausible\":false,\"claimed_category\":\"\",\"green_category_version\":\"2025\",\"in_force_version\":\"2025\",\"intrinsically_green_industry\":false,\"items_listing_class\":[]},\"reasons\":[],\"conditions\":[],\"classes\":{\"coarse\":false,\"high_energy\":false,\"high_pollution\":false,\"intrinsically_green\":false,\"overcapacity\":false,\"quasi_real_estate\":false,\"real_estate\":false,\"real_estate_possible\":false,\"renewable\":false,\"renewable_possible\":false,\"supported\":false,\"thos\":false,\"thos_possible\":false}}','2026-12-01.1','sha256:cddc1e41e9990b4c7ff8aad87846bbd2c6c8665251ee6d5cc58718767ebb7773','2026-12-06 07:41:45.453538','officer-a','41714995d9ff687b9d2868019d570d7ff6d09ba56bc193cb390c1dea2085bc8c','','test-20261206T074145.403951Z-3cdd04f6',10,'40e24e57845cd7cf9891fadc5926eb66cf9c35c81f3fb1d1dff969cf7ea8cdc9','cf6f58720195015dd5417e5acfa9d72e27503b36ea99716d05ffa8d03402b70e');
INSERT INTO `decisions` VALUES (11,'01a24a4d-3ca3-77c2-a80a-da52097ee905','FX-AFTER','C000123','YY-LC-01','C3011',500000000,'new','refer','control',0,'','2025',0,'request','[{\"code\":\"CAP_BOOK_INCOMPLETE\",\"message\":\"贷款台账尚未声明完整，无法校验总量上限，须人工审查\",\"message_en\":\"The loan book is not declared complete, so a volume cap that would apply cannot be enforced: manual review\",\"clause\":\"四(四)2\",\"outcome\":\"refer\",\"stance\":\"control\",\"evidence\":{\"book_complete\":false,\"real_estate\":{\"personal_housing\":{\"added_exposure_fen\":500000000,\"book_complete\":false,\"book_total_fen\":279300000,\"cap_bp\":1250,\"category\":\"personal_housing\",\"category_balance_fen\":0,\"share_after_bp\":6416},\"personal_housing_exceeded\":false,\"real_estate\":{\"added_exposure_fen\":500000000,\"book_complete\":false,\"book_total_fen\":279300000,\"cap_bp\":1750,\"category\":\"real_estate\",\"category_balance_fen\":0,\"share_after_bp\":6416},\"real_estate_exceeded\":false,\"real_estate_purpose\":\"none\"},\"real_estate_cap_would_fire\":false,\"thos\":{\"added_exposure_fen\":500000000,\"book_complete\":false,\"book_total_fen\":279300000,\"cap_bp\":1500,\"category\":\"thos\",\"category_balance_fen\":129800000,\"share_after_bp\":8082},\"thos_cap_would_fire\":true}},{\"code\":\"THOS_ADMISSION_REVIEW\",\"message\":\"“两高一剩”行业企业，严格信贷准入，须人工审查\",\"message_en\":\"Two-high-one-surplus industry: strict admission, manual review\",\"clause\":\"四(四)2\",\"outcome\":\"refer\",\"stance\":\"control\",\"evidence\":{\"applicant_kind\":\"enterprise\",\"energy_compliant\":true,\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"lists\":[{\"entries\":[\"C3011\"],\"list\":\"overcapacity\",\"source\":\"国发〔2013〕41号 (steel, cement, electrolytic aluminium, flat glass, shipbuilding); 国发〔2016〕6号 (steel), 国发〔2016〕7号 (coal)\"},{\"entries\":[\"C30\"],\"list\":\"high_energy\",\"source\":\"National Bureau of Statistics: the six energy-intensive industries (C25, C26, C30, C31, C32, D44), with power generation narrowed to fossil generation\"},{\"entries\":[\"C30\"],\"list\":\"high_pollution\",\"source\":\"Former Ministry of Environmental Protection, 2008 list of heavy-polluting industries; Zhejiang\'s six heavy-polluting industries, 浙环发〔2016〕46号《浙江省工业污染防治“十三五”规划》 (铅蓄电池、电镀、印染、造纸、制革、化工)\"}],\"loan_kind\":\"new\",\"project_type\":\"other\"}}]','{\"application_id\":\"FX-AFTER\",\"branch_id\":\"YY-LC-01\",\"applicant\":{\"customer_id\":\"C000123\",\"name\":\"hmac-sha256:edd7c45e1573b826b07d03295c85979e1983a7f02e4043d298ac6c03aca72d32\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"C3011\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":\"0.1\",\"existing_balance\":\"0.00\"},\"loan\":{\"amount\":\"5000000.00\",\"term_months\":12,\"kind\":\"new\",\"purpose\":\"流动资金\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"}}','{\"application_id\":\"FX-AFTER\",\"branch_id\":\"YY-LC-01\",\"decided_on\":\"2026-12-06\",\"applicant\":{\"customer_id\":\"C000123\",\"kind\":\"enterprise\",\"size\":\"small\",\"industry_code\":\"C3011\",\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"energy_compliant\":true,\"real_estate_revenue_ratio\":0.1,\"existing_balance_fen\":0,\"requested_balance_fen\":0,\"booked_balance_fen\":0},\"loan\":{\"amount_fen\":500000000,\"term_months\":12,\"kind\":\"new\",\"purpose\":\"流动资金\",\"green_category\":\"\",\"green_category_version\":\"2025\",\"project_type\":\"other\",\"real_estate_purpose\":\"none\"},\"book\":{\"total_fen\":279300000,\"thos_fen\":129800000,\"real_estate_fen\":0,\"personal_housing_fen\":0,\"green_fen\":49800000,\"complete\":false},\"defaulted\":[\"loan.green_category_version\",\"loan.project_type\",\"loan.real_estate_purpose\"]}','{\"outcome\":\"refer\",\"stance\":\"control\",\"green\":false,\"green_category\":\"\",\"green_category_version\":\"2025\",\"green_evidence\":{\"basis\":\"\",\"claim_plausible\":false,\"claimed_category\":\"\",\"green_category_version\":\"2025\",\"in_force_version\":\"2025\",\"intrinsically_green_industry\":false,\"items_listing_class\":[\"3.2.7\"]},\"reasons\":[{\"code\":\"CAP_BOOK_INCOMPLETE\",\"message\":\"贷款台账尚未声明完整，无法校验总量上限，须人工审查\",\"message_en\":\"The loan book is not declared complete, so a volume cap that would apply cannot be enforced: manual review\",\"clause\":\"四(四)2\",\"outcome\":\"refer\",\"stance\":\"control\",\"evidence\":{\"book_complete\":false,\"real_estate\":{\"personal_housing\":{\"added_exposure_fen\":500000000,\"book_complete\":false,\"book_total_fen\":279300000,\"cap_bp\":1250,\"category\":\"personal_housing\",\"category_balance_fen\":0,\"share_after_bp\":6416},\"personal_housing_exceeded\":false,\"real_estate\":{\"added_exposure_fen\":500000000,\"book_complete\":false,\"book_total_fen\":279300000,\"cap_bp\":1750,\"category\":\"real_estate\",\"category_balance_fen\":0,\"share_after_bp\":6416},\"real_estate_exceeded\":false,\"real_estate_purpose\":\"none\"},\"real_estate_cap_would_fire\":false,\"thos\":{\"added_exposure_fen\":500000000,\"book_complete\":false,\"book_total_fen\":279300000,\"cap_bp\":1500,\"category\":\"thos\",\"category_balance_fen\":129800000,\"share_after_bp\":8082},\"thos_cap_would_fire\":true}},{\"code\":\"THOS_ADMISSION_REVIEW\",\"message\":\"“两高一剩”行业企业，严格信贷准入，须人工审查\",\"message_en\":\"Two-high-one-surplus industry: strict admission, manual review\",\"clause\":\"四(四)2\",\"outcome\":\"refer\",\"stance\":\"control\",\"evidence\":{\"applicant_kind\":\"enterprise\",\"energy_compliant\":true,\"env_credit_rating\":\"blue\",\"industrial_policy_class\":\"permitted\",\"lists\":[{\"entries\":[\"C3011\"],\"list\":\"overcapacity\",\"source\":\"国发〔2013〕41号 (steel, cement, electrolytic aluminium, flat glass, shipbuilding); 国发〔2016〕6号 (steel), 国发〔2016〕7号 (coal)\"},{\"entries\":[\"C30\"],\"list\":\"high_energy\",\"source\":\"National Bureau of Statistics: the six energy-intensive industries (C25, C26, C30, C31, C32, D44), with power generation narrowed to fossil generation\"},{\"entries\":[\"C30\"],\"list\":\"high_pollution\",\"source\":\"Former Ministry of Environmental Protection, 2008 list of heavy-polluting industries; Zhejiang\'s six heavy-polluting industries, 浙环发〔2016〕46号《浙江省工业污染防治“十三五”规划》 (铅蓄电池、电镀、印染、造纸、制革、化工)\"}],\"loan_kind\":\"new\",\"project_type\":\"other\"}}],\"conditions\":[\"exposure counted against the two-high-one-surplus volume cap\"],\"classes\":{\"coarse\":false,\"high_energy\":true,\"high_pollution\":true,\"intrinsically_green\":false,\"overcapacity\":true,\"quasi_real_estate\":false,\"real_estate\":false,\"real_estate_possible\":false,\"renewable\":false,\"renewable_possible\":false,\"supported\":false,\"thos\":true,\"thos_possible\":true}}','2026-12-01.1','sha256:cddc1e41e9990b4c7ff8aad87846bbd2c6c8665251ee6d5cc58718767ebb7773','2026-12-06 07:41:45.508793','officer-a','edd7c45e1573b826b07d03295c85979e1983a7f02e4043d298ac6c03aca72d32','','test-20261206T074145.403951Z-3cdd04f6',11,'cf6f58720195015dd5417e5acfa9d72e27503b36ea99716d05ffa8d03402b70e','191bca1f5569b098e36e1431e44b7385b167b0cf7a6d0c75ef545cd0826b3e84');
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
INSERT INTO `loan_balances` VALUES ('FXL-00','2026-10-31',10000000,'2026-12-06 07:41:45.467');
INSERT INTO `loan_balances` VALUES ('FXL-00','2026-11-30',9900000,'2026-12-06 07:41:45.471');
INSERT INTO `loan_balances` VALUES ('FXL-01','2026-10-31',20000000,'2026-12-06 07:41:45.474');
INSERT INTO `loan_balances` VALUES ('FXL-01','2026-11-30',19900000,'2026-12-06 07:41:45.476');
INSERT INTO `loan_balances` VALUES ('FXL-02','2026-10-31',30000000,'2026-12-06 07:41:45.478');
INSERT INTO `loan_balances` VALUES ('FXL-02','2026-11-30',29900000,'2026-12-06 07:41:45.479');
INSERT INTO `loan_balances` VALUES ('FXL-03','2026-10-31',40000000,'2026-12-06 07:41:45.482');
INSERT INTO `loan_balances` VALUES ('FXL-03','2026-11-30',39900000,'2026-12-06 07:41:45.483');
INSERT INTO `loan_balances` VALUES ('FXL-04','2026-10-31',50000000,'2026-12-06 07:41:45.488');
INSERT INTO `loan_balances` VALUES ('FXL-04','2026-11-30',49900000,'2026-12-06 07:41:45.495');
INSERT INTO `loan_balances` VALUES ('FXL-05','2026-10-31',60000000,'2026-12-06 07:41:45.497');
INSERT INTO `loan_balances` VALUES ('FXL-05','2026-11-30',59900000,'2026-12-06 07:41:45.499');
INSERT INTO `loan_balances` VALUES ('FXL-06','2026-10-31',70000000,'2026-12-06 07:41:45.501');
INSERT INTO `loan_balances` VALUES ('FXL-06','2026-11-30',69900000,'2026-12-06 07:41:45.503');
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
INSERT INTO `loans` VALUES ('FXL-00','01a24a4d-3c3e-7585-bb75-91f3ff6ee686','C-sewage','YY-LC-01','N7721',1,'2.3.1','2025','enterprise','none',0,9900000,'2026-11-30','2026-12-06 07:41:45.472');
INSERT INTO `loans` VALUES ('FXL-01','01a24a4d-3c41-7c0b-ad71-134b42835366','C-farm','YY-LC-01','A0111',0,'','2025','enterprise','none',0,19900000,'2026-11-30','2026-12-06 07:41:45.476');
INSERT INTO `loans` VALUES ('FXL-02','01a24a4d-3c5c-77ec-9447-0702b26f5b55','C-software','YY-LC-01','I6511',0,'','2025','enterprise','none',0,29900000,'2026-11-30','2026-12-06 07:41:45.480');
INSERT INTO `loans` VALUES ('FXL-03','01a24a4d-3c5e-7a71-ac44-060352de8843','C-rail','YY-LC-01','G5411',1,'6.2.6','2025','enterprise','none',0,39900000,'2026-11-30','2026-12-06 07:41:45.484');
INSERT INTO `loans` VALUES ('FXL-04','01a24a4d-3c6d-7484-860b-22e58ea481ab','C-bank','YY-LC-01','J6621',0,'','2025','enterprise','none',0,49900000,'2026-11-30','2026-12-06 07:41:45.495');
INSERT INTO `loans` VALUES ('FXL-05','01a24a4d-3c3c-76da-86b6-7b95b482097a','C-cement','YY-LC-01','C3011',0,'','2025','enterprise','none',0,59900000,'2026-11-30','2026-12-06 07:41:45.499');
INSERT INTO `loans` VALUES ('FXL-06','01a24a4d-3c51-769b-9f38-a1c5c30c780c','C-steel','YY-LC-01','C3120',0,'','2025','enterprise','none',0,69900000,'2026-11-30','2026-12-06 07:41:45.503');
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
INSERT INTO `review_heads` VALUES (1,3,'eea5dfd256c91aa8864da000e612d61eb235a707e923bec6a9143707d8cbad8a','2026-12-06 07:41:45.459860');
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
INSERT INTO `reviews` VALUES (1,'01a24a4d-3c70-740d-ba63-7f91e54c6e16','01a24a4d-3c3c-76da-86b6-7b95b482097a',1,'approve','','[\"annual review\"]','fixture: reviewed','rev-1','2026-12-06 07:41:45.456265','closed','approve',1,'','9cb429e97702be89077d30df7da15464c3d89f618394dea5d532aef6abaeaf75');
INSERT INTO `reviews` VALUES (2,'01a24a4d-3c71-7659-811d-7348f7d2d213','01a24a4d-3c51-769b-9f38-a1c5c30c780c',1,'approve','','[\"annual review\"]','fixture: reviewed','rev-1','2026-12-06 07:41:45.457416','closed','approve',2,'9cb429e97702be89077d30df7da15464c3d89f618394dea5d532aef6abaeaf75','0dab14d46859246dba22dcebf53bc4a1e43f63e532f8b634420a8c6d0b443faf');
INSERT INTO `reviews` VALUES (3,'01a24a4d-3c73-7d1f-a910-7fe53f70daae','01a24a4d-3c59-75a9-b99d-49e127dbd035',1,'decline','','[]','fixture: declined on review','rev-2','2026-12-06 07:41:45.459860','closed','decline',3,'0dab14d46859246dba22dcebf53bc4a1e43f63e532f8b634420a8c6d0b443faf','eea5dfd256c91aa8864da000e612d61eb235a707e923bec6a9143707d8cbad8a');
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `tree_hashes` (
  `idx` bigint(20) NOT NULL,
  `hash` varbinary(32) NOT NULL,
  PRIMARY KEY (`idx`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
/*!40101 SET character_set_client = @saved_cs_client */;
INSERT INTO `tree_hashes` VALUES (0,0x472582425D509570EDED543A9983300BD0B4A79852CC68AA3237FB63319EFBCD);
INSERT INTO `tree_hashes` VALUES (1,0x3DBC935C77C2ECA1F5E837E77E3F509508480BB469ECF964D55F373F1772D347);
INSERT INTO `tree_hashes` VALUES (2,0x21B81A9E377D94EA83DCEED35994E508AB41807A86053F683FB3E504CD02F449);
INSERT INTO `tree_hashes` VALUES (3,0x5349FB34A1F9FEF4796512267B824E025E8217F129ACD9F67EE25AEA5005259A);
INSERT INTO `tree_hashes` VALUES (4,0xC25F87FA902B6883C51D3B326D469793942302E66C9631F5166A05790EFE642B);
INSERT INTO `tree_hashes` VALUES (5,0x985F335D1B33A874511A63AEC5905B65B10C1E9AA08567B2F757527BFBCFE65F);
INSERT INTO `tree_hashes` VALUES (6,0x7953861EE559AD63FD5A992D4B0820ED79ECCC5CB68A8C5FA5BBB36DD45A4AA3);
INSERT INTO `tree_hashes` VALUES (7,0xFAB7267ACA0C3C28A329A553B3FFBCEC1501C83B2B306EC07D27E56122B7E50D);
INSERT INTO `tree_hashes` VALUES (8,0xDAEACD8F5062890727D73EB0C816CBC47D5C1DDF74D5049A33EE4F6265146045);
INSERT INTO `tree_hashes` VALUES (9,0xA3AA5E8F41086E6B4FD0672AF9786547EF319974000CF13EC14E65FFBC6ACAC9);
INSERT INTO `tree_hashes` VALUES (10,0x7A710A3CA77539AF9DB32F7FEAC1654F4FFD1240DBF70D18E29DF2D74FBE3D97);
INSERT INTO `tree_hashes` VALUES (11,0x7E26411852BE7D54664A7BCB0798109BECEDF5544CAFF9FC22F44F9E6AB6DCC3);
INSERT INTO `tree_hashes` VALUES (12,0x9170BF8CB330417B9CB42027DDB1F974EF5644B53604677458CB6EDCF0D9F5AF);
INSERT INTO `tree_hashes` VALUES (13,0xCCEAA912BDF54178B0F464A6492BFD6C337BC9F098B25C259611395263C86AED);
INSERT INTO `tree_hashes` VALUES (14,0xC508B629DFE54088292DE4E927428F52255C4E349F5B8C25FBAE7AF6097B6DC2);
INSERT INTO `tree_hashes` VALUES (15,0x75DCDB647E0578630710E4BC758B5CC30187867F70D0B805D91D231F074796FC);
INSERT INTO `tree_hashes` VALUES (16,0xD457DC75C5A24C430030A8AA63C0178D5F97B524DE900DF8AA7D6BBDB91AA5B4);
INSERT INTO `tree_hashes` VALUES (17,0x50B6FC46BD540F4F23F6C4DC06CB2CCFD76002161984E0D1D0CEF4D11631CFD6);
INSERT INTO `tree_hashes` VALUES (18,0x121D38D24CFEE005403DB9720C1DD35E9C22FFFFDFC93836AEC0E5E40A13CBD2);
INSERT INTO `tree_hashes` VALUES (19,0x86C433670EC89BDFCF876C1BF87A05E6FD2611A9FCC64D4A92E7C2D50BD3D098);
INSERT INTO `tree_hashes` VALUES (20,0x5FB65AC882536DA2DC833D533CC22BF54CA8FEB63B3D5715DA59C7C6B5A53802);
INSERT INTO `tree_hashes` VALUES (21,0x532452E473CA28634C76CFB95FFA1C78AE6FA10EF2D940D15906C6EF53D29BC7);
INSERT INTO `tree_hashes` VALUES (22,0x6CFE509934A7D91481334F95F8041CE63912DB03A67448424E032BC011D5D0C1);
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
INSERT INTO `tree_ranges` VALUES (0,'test-20261206T074145.403951Z-3cdd04f6',0,10);
INSERT INTO `tree_ranges` VALUES (10,'reviews',0,3);
