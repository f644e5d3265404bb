"""Curated vocabularies: therapeutic approaches and specialties (what people need help with).

These terms drive the browse pages (/approaches/<slug>, /specialties/<slug>), the search
filters and the synonym matching in search. They are written for people looking for help,
many of them stressed or in pain, not for clinicians. Editorial rules for every entry:

* Plain language, aiming at a reading age of about 12: short sentences, everyday words,
  and any clinical term explained the first time it is used.
* Warm and non-judging. Describe experiences, not people ("people with a diagnosis of ...",
  "autistic people", as many autistic people prefer), and never blame.
* No promises. Never "cure", "fix" or "guarantee"; say what an approach is "often used
  for" and what "many people" find. No success rates and no ranking of approaches.
* Not diagnostic. Specialty ``used_for`` text lists common reasons people reach out
  ("People often reach out when ..."), never symptoms to self-diagnose against.
* Crisis safety. Self-harm and suicidal thoughts always carry the crisis pointer: call or
  text 988 (US), Samaritans on 116 123 (UK), or emergency services on 911 or 999. Entries
  where sudden changes need urgent medical help (perinatal, psychosis) say so.
* Spelling. Display text uses US spelling, because most listings are in the US; slugs are
  stable URL keys and never change (``person-centred`` keeps its UK spelling). Keywords
  carry both spellings ("behavioral" and "behavioural", "counseling" and "counselling")
  so search works for everyone. Keywords are lowercase.
* Names are in sentence case. The only capital letters after the first are acronyms and
  proper nouns (Gottman Method, Internal Family Systems), so a name
  can be used mid-sentence by lowercasing its first letter unless the first word is an
  acronym or a proper noun (as in ``gottman``, ``ifs`` and ``lgbtq``).
* ``summary`` is one sentence of at most 160 characters (used as the meta description);
  ``what_it_is`` is 2 to 4 sentences.

Slugs are kebab-case and permanent: they appear in URLs and in stored listings, so fix a
typo in a name freely but never rename a slug without a migration and a redirect.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    slug: str  # kebab-case, stable, used in URLs (/approaches/cbt)
    name: str  # display name, e.g. "Cognitive behavioral therapy (CBT)"
    short_name: str  # e.g. "CBT" (or same as name when there is no abbreviation)
    summary: str  # one sentence, <= 160 chars
    what_it_is: str  # 2-4 plain-language sentences
    # approaches: what a session is like; specialties: what working on it in therapy is often like
    session_like: str
    # approaches: what it is often used for; specialties: signs someone might seek help
    # (non-diagnostic)
    used_for: str
    # synonyms people type, lowercase, with both US and UK spellings
    keywords: tuple[str, ...] = ()


APPROACHES: tuple[Term, ...] = (
    Term(
        slug="cbt",
        name="Cognitive behavioral therapy (CBT)",
        short_name="CBT",
        summary=(
            "A practical, structured therapy that looks at how your thoughts, feelings and "
            "actions affect each other."
        ),
        what_it_is=(
            "CBT is a talking therapy that focuses mostly on the here and now. It looks at how "
            "the way you think about a situation can shape how you feel and what you do. You and "
            "your therapist work as a team to notice unhelpful patterns and try out new ways of "
            "thinking and acting."
        ),
        session_like=(
            "Sessions are usually structured, with a plan for each meeting that you agree on "
            "together. You might fill in worksheets, keep a simple diary of thoughts and moods, "
            "and try small tasks between sessions. It is often offered as a set number of weekly "
            "sessions, such as 6 to 20."
        ),
        used_for=(
            "CBT is often used for anxiety, depression, panic, phobias, sleep problems and "
            "stress. It is one of the most widely studied talking therapies."
        ),
        keywords=(
            "cbt",
            "cognitive behavioral therapy",
            "cognitive behavioural therapy",
            "cognitive behavioral",
            "cognitive behavioural",
            "cognitive therapy",
            "behavioral therapy",
            "behavioural therapy",
            "thoughts and feelings",
        ),
    ),
    Term(
        slug="dbt",
        name="Dialectical behavior therapy (DBT)",
        short_name="DBT",
        summary=(
            "A skills-based therapy that helps people manage very strong emotions and get along "
            "better with others."
        ),
        what_it_is=(
            "DBT grew out of CBT. It balances two ideas: accepting yourself as you are, and "
            "working to change things that cause you harm. It teaches practical skills in four "
            "areas: mindfulness, getting through a crisis, managing emotions and relationships "
            "with other people."
        ),
        session_like=(
            "Full DBT programs often include weekly one-to-one sessions, a weekly skills group "
            "and phone coaching between sessions. Some therapists offer DBT-informed therapy, "
            "which uses the skills without the full program. You may be asked to keep a diary "
            "card to track feelings and urges."
        ),
        used_for=(
            "DBT is often used when emotions feel overwhelming, for self-harm and suicidal "
            "thoughts, and by people with a diagnosis of borderline personality disorder. It is "
            "also used for eating problems and substance use."
        ),
        keywords=(
            "dbt",
            "dialectical behavior therapy",
            "dialectical behaviour therapy",
            "dialectical behavioral therapy",
            "dialectical behavioural therapy",
            "dbt skills",
            "dbt-informed",
            "emotion regulation",
            "distress tolerance",
        ),
    ),
    Term(
        slug="emdr",
        name="Eye movement desensitization and reprocessing (EMDR)",
        short_name="EMDR",
        summary=(
            "A structured therapy that helps the mind process painful memories so they feel less "
            "raw and upsetting."
        ),
        what_it_is=(
            "EMDR is a therapy for distressing memories. While you briefly bring a memory to "
            "mind, your therapist guides you through side-to-side eye movements, taps or sounds. "
            "Over time, many people find the memory feels less intense and easier to live with. "
            "You do not have to describe every detail out loud."
        ),
        session_like=(
            "Early sessions focus on your history and on building ways to feel calm and steady. "
            "Later sessions follow a set of steps while you hold a memory in mind and follow the "
            "eye movements or taps. Sessions are often 60 to 90 minutes, and you can pause at any "
            "time."
        ),
        used_for=(
            "EMDR is most often used for trauma and PTSD. It is also used for upsetting memories "
            "linked to anxiety, phobias, grief and painful life events."
        ),
        keywords=(
            "emdr",
            "eye movement desensitization and reprocessing",
            "eye movement desensitisation and reprocessing",
            "emdr therapy",
            "bilateral stimulation",
            "trauma processing",
        ),
    ),
    Term(
        slug="act",
        name="Acceptance and commitment therapy (ACT)",
        short_name="ACT",
        summary=(
            "A therapy that helps you make room for hard feelings and take steps toward what "
            "matters most to you."
        ),
        what_it_is=(
            "ACT (said like the word “act”) is a type of behavioral therapy. Instead of trying to "
            "get rid of painful thoughts and feelings, it helps you notice them and hold them "
            "more lightly. It also helps you work out your values and take small, meaningful "
            "actions in line with them."
        ),
        session_like=(
            "Sessions often mix conversation with short mindfulness exercises, stories and "
            "practical tasks. You may talk about what you care about and plan small steps toward "
            "it. Your therapist may suggest things to practice between sessions."
        ),
        used_for=(
            "ACT is often used for anxiety, depression, stress, chronic pain, long-term health "
            "conditions and OCD. Many people also try it when they feel stuck or unsure what they "
            "want from life."
        ),
        keywords=(
            "act",
            "acceptance and commitment therapy",
            "acceptance commitment therapy",
            "values",
            "psychological flexibility",
            "act therapy",
            "behavioral therapy",
            "behavioural therapy",
        ),
    ),
    Term(
        slug="psychodynamic",
        name="Psychodynamic therapy",
        short_name="Psychodynamic",
        summary=(
            "A talking therapy that explores how past experiences and hidden feelings may shape "
            "how you feel and act today."
        ),
        what_it_is=(
            "Psychodynamic therapy grew out of psychoanalysis. It looks at patterns in your "
            "feelings and relationships, and how they may link to earlier experiences, often from "
            "childhood. The idea is that understanding these patterns more deeply can give you "
            "more choice about how you live now."
        ),
        session_like=(
            "Sessions are usually less structured than in CBT. You are encouraged to talk about "
            "whatever is on your mind, and your therapist helps you notice themes and "
            "connections. The relationship with your therapist is also something you may explore "
            "together. It can be short-term or last a year or more."
        ),
        used_for=(
            "It is often used for depression, anxiety, relationship difficulties, low self-esteem "
            "and patterns that keep repeating. Many people choose it when they want to understand "
            "themselves more deeply."
        ),
        keywords=(
            "psychodynamic",
            "psychodynamic psychotherapy",
            "psychodynamic counseling",
            "psychodynamic counselling",
            "insight-oriented",
            "dynamic therapy",
            "short-term psychodynamic",
        ),
    ),
    Term(
        slug="person-centred",
        name="Person-centered therapy",
        short_name="Person-centered",
        summary=(
            "A warm, non-judging therapy where you lead the conversation and the therapist "
            "listens closely and with care."
        ),
        what_it_is=(
            "Person-centered therapy was developed by Carl Rogers. It is based on the belief that "
            "people can grow and find their own answers when they feel truly accepted. The "
            "therapist offers warmth, honesty and understanding rather than advice."
        ),
        session_like=(
            "You choose what to talk about, and your therapist listens closely and reflects back "
            "what they hear. They will not usually give advice or set tasks. Many people find it "
            "a safe space to say things they have never said before."
        ),
        used_for=(
            "It is used for a wide range of concerns, including low self-esteem, grief, stress, "
            "relationship worries and life changes. It is a common approach in general "
            "counseling."
        ),
        keywords=(
            "person-centered",
            "person-centred",
            "person centered",
            "person centred",
            "client-centered",
            "client-centred",
            "rogerian",
            "humanistic",
            "counseling",
            "counselling",
        ),
    ),
    Term(
        slug="family-systems",
        name="Family systems therapy",
        short_name="Family systems",
        summary=(
            "Therapy that looks at the family as a whole and how each person's role and patterns "
            "affect everyone else."
        ),
        what_it_is=(
            "Family systems therapy sees a family as a connected group, where a change in one "
            "person affects the others. Instead of focusing on one “problem” person, it looks at "
            "patterns, roles and ways of talking across the family. It can be done with the whole "
            "family or with one person talking about their family."
        ),
        session_like=(
            "Sessions may include several family members, or sometimes just one or two. Your "
            "therapist may ask about family history and draw a family tree with you. The focus is "
            "on understanding patterns and trying new ways of relating."
        ),
        used_for=(
            "It is often used for family conflict, parenting challenges, changes like divorce or "
            "a new stepfamily, and when a child or teen is struggling. It can also help adults "
            "understand patterns from the family they grew up in."
        ),
        keywords=(
            "family therapy",
            "family systems",
            "systemic therapy",
            "systemic family therapy",
            "structural family therapy",
            "bowen",
            "family counseling",
            "family counselling",
        ),
    ),
    Term(
        slug="gottman",
        name="Gottman Method couples therapy",
        short_name="Gottman Method",
        summary=(
            "A research-based approach for couples that builds friendship, softens conflict and "
            "helps rebuild trust."
        ),
        what_it_is=(
            "The Gottman Method was developed by John Gottman and Julie Schwartz Gottman from "
            "many years of research with couples. It focuses on building friendship and "
            "closeness, handling conflict more calmly and creating shared meaning. It gives "
            "couples practical tools they can use at home."
        ),
        session_like=(
            "It usually starts with an assessment, which may include joint and individual "
            "sessions and questionnaires. Later sessions involve talking together with the "
            "therapist's guidance, learning new skills and practicing them in the room. You may "
            "get exercises to try between sessions."
        ),
        used_for=(
            "It is often used by couples who argue a lot, feel distant, or are recovering from an "
            "affair or a breach of trust. Some couples also use it to strengthen a relationship "
            "that is already going well."
        ),
        keywords=(
            "gottman",
            "gottman method",
            "couples therapy",
            "marriage counseling",
            "marriage counselling",
            "relationship therapy",
            "sound relationship house",
        ),
    ),
    Term(
        slug="emotionally-focused",
        name="Emotionally focused therapy (EFT)",
        short_name="EFT",
        summary=(
            "A therapy, often for couples, that helps people understand the feelings under their "
            "conflicts and feel closer."
        ),
        what_it_is=(
            "Emotionally focused therapy is based on the idea that we all need safe, close bonds "
            "with others. It helps people notice the deeper feelings and needs that sit under "
            "arguments or distance. It is best known for work with couples, but it is also used "
            "with families and individuals."
        ),
        session_like=(
            "With couples, the therapist helps each partner slow down and share what they really "
            "feel, such as fear or hurt, rather than just anger. Together you notice the cycle "
            "you get stuck in. The aim is to build new moments of closeness and trust."
        ),
        used_for=(
            "It is often used by couples who feel disconnected, keep having the same fight or are "
            "healing after a betrayal. It is also used for family relationships, and for "
            "depression or trauma that affects relationships."
        ),
        keywords=(
            "eft",
            "emotionally focused therapy",
            "emotion focused therapy",
            "emotionally focused couples therapy",
            "eft couples",
            "attachment",
            "couples therapy",
        ),
    ),
    Term(
        slug="solution-focused",
        name="Solution-focused brief therapy (SFBT)",
        short_name="SFBT",
        summary=(
            "A short, hopeful therapy that focuses on your strengths and on what is already "
            "working, not on the problem."
        ),
        what_it_is=(
            "Solution-focused brief therapy spends less time on what went wrong and more time on "
            "what you want to be different. It draws on your strengths and on the times when "
            "things have gone a little better. It is usually brief, sometimes just a few "
            "sessions."
        ),
        session_like=(
            "Your therapist may ask questions like “If things were better tomorrow, what would "
            "you notice?” They may also ask you to rate how you are doing on a scale from 0 to "
            "10. Together you look for small, realistic next steps. Sessions are usually upbeat "
            "and practical."
        ),
        used_for=(
            "It is often used for stress, relationship issues, school and work problems, and life "
            "changes. It can suit people who want short-term, goal-focused support."
        ),
        keywords=(
            "sfbt",
            "solution focused",
            "solution-focused",
            "solution-focused brief therapy",
            "brief therapy",
            "strengths-based",
            "goal-focused",
        ),
    ),
    Term(
        slug="narrative",
        name="Narrative therapy",
        short_name="Narrative",
        summary=(
            "A therapy that helps you look at the stories you tell about your life and find new, "
            "more helpful ones."
        ),
        what_it_is=(
            "Narrative therapy sees people as the experts on their own lives. It helps you "
            "separate yourself from your problems, so that the problem is the problem, not you. "
            "Together you look for moments and strengths that do not fit the old story, and build "
            "a new one."
        ),
        session_like=(
            "Your therapist asks curious questions and may help you give the problem a name. You "
            "might write letters or notes about your story. Sessions are collaborative, and the "
            "therapist does not act as the expert on your life."
        ),
        used_for=(
            "It is used with individuals, couples and families, and with children and teens. "
            "People use it for grief, trauma, identity questions, self-esteem and experiences of "
            "unfair treatment or discrimination."
        ),
        keywords=(
            "narrative",
            "narrative therapy",
            "externalizing",
            "externalising",
            "re-authoring",
            "story",
            "michael white",
        ),
    ),
    Term(
        slug="mindfulness-based",
        name="Mindfulness-based therapy",
        short_name="Mindfulness-based",
        summary=(
            "Therapy that teaches you to notice thoughts, feelings and body sensations in the "
            "moment, with kindness."
        ),
        what_it_is=(
            "Mindfulness-based therapies teach you to pay attention to the present moment on "
            "purpose, without judging what you notice. Well-known programs include "
            "mindfulness-based cognitive therapy (MBCT) and mindfulness-based stress reduction "
            "(MBSR). Many therapists also weave mindfulness into other approaches."
        ),
        session_like=(
            "Sessions often include short guided practices, such as focusing on your breath or "
            "doing a body scan, followed by talking about what you noticed. Some programs run as "
            "8-week groups. You are usually encouraged to practice a little at home."
        ),
        used_for=(
            "It is often used for stress and anxiety, and to help people who have had depression "
            "several times stay well. It is also used for chronic pain, sleep problems and "
            "burnout."
        ),
        keywords=(
            "mindfulness",
            "mindfulness-based",
            "mbct",
            "mbsr",
            "mindfulness-based cognitive therapy",
            "mindfulness-based stress reduction",
            "meditation",
        ),
    ),
    Term(
        slug="motivational-interviewing",
        name="Motivational interviewing (MI)",
        short_name="MI",
        summary=(
            "A respectful, non-pushy way of talking that helps you find your own reasons and "
            "readiness for change."
        ),
        what_it_is=(
            "Motivational interviewing is a style of conversation for times when part of you "
            "wants to change and part of you does not. Instead of telling you what to do, the "
            "therapist helps you explore your own reasons, hopes and worries. The choice to "
            "change stays with you."
        ),
        session_like=(
            "Your therapist listens closely, asks open questions and reflects back what they "
            "hear. They may help you weigh up the pros and cons of a change. It can be a few "
            "sessions on its own or part of longer therapy."
        ),
        used_for=(
            "It is often used for alcohol and drug use, smoking and gambling, and for health "
            "changes such as diet, exercise or taking medicine. It can help with any change you "
            "feel unsure about."
        ),
        keywords=(
            "mi",
            "motivational interviewing",
            "motivational enhancement",
            "change talk",
            "ambivalence",
        ),
    ),
    Term(
        slug="trauma-focused-cbt",
        name="Trauma-focused cognitive behavioral therapy (TF-CBT)",
        short_name="TF-CBT",
        summary=(
            "A structured, CBT-based therapy that helps children, teens and their caregivers "
            "recover after trauma."
        ),
        what_it_is=(
            "TF-CBT is a type of CBT designed for young people who have been through trauma, and "
            "it involves a parent or caregiver. It teaches skills for coping with feelings and "
            "helps the young person make sense of what happened, at a pace that feels safe. The "
            "name is also used more widely for CBT-based trauma therapy with adults."
        ),
        session_like=(
            "It often runs for about 8 to 25 sessions, with time for the child, time for the "
            "caregiver and some joint sessions. Early sessions teach calming and feelings skills. "
            "Later, the young person may gently put together their story of what happened, with "
            "support."
        ),
        used_for=(
            "It is often used with children and teens after abuse, violence, accidents, loss or "
            "other frightening events. It can help with fears, nightmares, anger, sadness and "
            "changes in behavior after trauma."
        ),
        keywords=(
            "tf-cbt",
            "trauma-focused cbt",
            "trauma focused cbt",
            "trauma-focused cognitive behavioral therapy",
            "trauma-focused cognitive behavioural therapy",
            "child trauma",
            "trauma therapy",
        ),
    ),
    Term(
        slug="exposure-response-prevention",
        name="Exposure and response prevention (ERP)",
        short_name="ERP",
        summary=(
            "A type of CBT that helps people face fears step by step without doing the rituals "
            "that keep anxiety going."
        ),
        what_it_is=(
            "ERP is a type of CBT. With your therapist, you slowly face the thoughts, places or "
            "objects that cause anxiety (exposure). At the same time, you practice not doing the "
            "checking, washing or other rituals you usually do (response prevention). Over time, "
            "many people find the anxiety and the urges get weaker."
        ),
        session_like=(
            "You and your therapist build a ladder of situations, from a little scary to very "
            "scary. You start at the bottom and move up at a pace you agree on. You are never "
            "forced, and practice between sessions is an important part."
        ),
        used_for=(
            "ERP is most often used for OCD. It is also used for related problems such as health "
            "anxiety, phobias, hair pulling and skin picking."
        ),
        keywords=(
            "erp",
            "exposure and response prevention",
            "exposure response prevention",
            "exposure therapy",
            "ocd treatment",
        ),
    ),
    Term(
        slug="schema",
        name="Schema therapy",
        short_name="Schema",
        summary=(
            "A therapy that helps you understand and change deep patterns that began early in "
            "life and keep causing pain."
        ),
        what_it_is=(
            "Schema therapy brings together ideas from CBT, attachment theory and psychodynamic "
            "therapy. It focuses on schemas, which are deep beliefs and patterns, such as feeling "
            "unlovable or expecting to be let down. It helps you understand where they came from "
            "and meet your needs in healthier ways."
        ),
        session_like=(
            "Sessions may include talking, questionnaires, imagery exercises and role-plays, such "
            "as speaking to a younger part of yourself. The therapist offers a warm, caring "
            "relationship as part of the work. It is often longer-term."
        ),
        used_for=(
            "It is often used for long-standing relationship patterns and long-lasting "
            "depression, and by people with a diagnosis of a personality disorder. Some people "
            "try it when other therapies have not gone far enough for them."
        ),
        keywords=(
            "schema",
            "schema therapy",
            "schema-focused therapy",
            "early maladaptive schemas",
            "schema modes",
        ),
    ),
    Term(
        slug="ifs",
        name="Internal Family Systems (IFS)",
        short_name="IFS",
        summary=(
            "A therapy that sees the mind as made up of different parts and helps you relate to "
            "them with curiosity and calm."
        ),
        what_it_is=(
            "Internal Family Systems, or IFS, is based on the idea that we all have different "
            "parts inside us. For example, one part may criticize while another part feels hurt. "
            "IFS holds that everyone also has a calm, caring core Self, and therapy helps you get "
            "to know your parts and what they are trying to do for you."
        ),
        session_like=(
            "Your therapist may ask you to turn your attention inward, notice a part, such as a "
            "worried feeling, and get curious about it. Sessions can feel gentle and reflective. "
            "You stay in charge of how fast you go."
        ),
        used_for=(
            "It is often used for trauma, anxiety, depression, harsh self-criticism and feeling "
            "torn inside. Many people also use it to understand themselves better and build "
            "self-compassion."
        ),
        keywords=(
            "ifs",
            "internal family systems",
            "parts work",
            "parts therapy",
            "self-leadership",
            "richard schwartz",
        ),
    ),
    Term(
        slug="somatic",
        name="Somatic therapy",
        short_name="Somatic",
        summary=(
            "A body-focused therapy that pays attention to physical sensations as well as "
            "thoughts and feelings."
        ),
        what_it_is=(
            "Somatic therapies are based on the idea that stress and trauma can be held in the "
            "body as well as the mind. They include approaches such as Somatic Experiencing and "
            "sensorimotor psychotherapy. Therapy helps you notice body signals and find ways to "
            "feel more settled and safe."
        ),
        session_like=(
            "Your therapist may invite you to notice sensations, breathing or posture, and to "
            "move or pause slowly. You stay fully clothed, and any touch, which many somatic "
            "therapists never use, should only happen with your clear agreement. The pace is "
            "usually slow and gentle."
        ),
        used_for=(
            "It is often used for trauma, anxiety and stress, and when people feel cut off from "
            "their body. Some people use it alongside talking therapy."
        ),
        keywords=(
            "somatic",
            "somatic therapy",
            "somatic experiencing",
            "somatic psychotherapy",
            "sensorimotor psychotherapy",
            "body-based therapy",
            "body psychotherapy",
            "nervous system",
        ),
    ),
    Term(
        slug="play-therapy",
        name="Play therapy",
        short_name="Play therapy",
        summary=(
            "Therapy for children that uses play, toys and art as a natural way to express "
            "feelings and work through problems."
        ),
        what_it_is=(
            "Children often find it easier to show feelings through play than to talk about them. "
            "In play therapy, a trained therapist uses toys, games, sand trays and art to help a "
            "child express themselves and build skills. Parents or caregivers are usually "
            "involved too."
        ),
        session_like=(
            "Sessions take place in a room with carefully chosen toys and materials. The child "
            "may lead the play, or the therapist may guide it. The therapist also meets with "
            "parents to share general progress and ideas for home."
        ),
        used_for=(
            "It is often used with children aged about 3 to 12 for worries, anger, grief, family "
            "changes, trauma and behavior problems at home or school."
        ),
        keywords=(
            "play therapy",
            "child therapy",
            "children",
            "kids",
            "sand tray",
            "sandplay",
            "child behavior",
            "child behaviour",
        ),
    ),
    Term(
        slug="art-therapy",
        name="Art therapy",
        short_name="Art therapy",
        summary=(
            "Therapy that uses drawing, painting and other creative work to help express things "
            "that are hard to put into words."
        ),
        what_it_is=(
            "Art therapy is led by a trained art therapist. It uses creative activities to help "
            "you explore feelings and experiences. You do not need any artistic skill, and the "
            "focus is on the process, not on making something that looks good."
        ),
        session_like=(
            "You might draw, paint, sculpt or make a collage, and then talk about it with your "
            "therapist if you want to. Sessions can be one-to-one or in groups. Your artwork is "
            "treated as private, just like what you say."
        ),
        used_for=(
            "It is used with children and adults for trauma, grief, anxiety and depression, and "
            "when talking feels hard. It can also support people with learning disabilities, "
            "dementia or long-term illness."
        ),
        keywords=(
            "art therapy",
            "art psychotherapy",
            "arts therapy",
            "creative arts therapy",
            "expressive arts",
            "expressive therapy",
            "creative therapy",
        ),
    ),
    Term(
        slug="compassion-focused",
        name="Compassion-focused therapy (CFT)",
        short_name="CFT",
        summary=(
            "A therapy that helps you treat yourself with more kindness, especially if you are "
            "very self-critical or full of shame."
        ),
        what_it_is=(
            "Compassion-focused therapy was developed by Paul Gilbert. It is for people who feel "
            "a lot of shame or are very hard on themselves. It teaches ways to build a kinder, "
            "warmer inner voice and to feel safer in your own mind."
        ),
        session_like=(
            "Sessions mix talking with exercises like slow breathing, imagery and writing to "
            "yourself with kindness. Your therapist may explain how the brain's threat and "
            "soothing systems work. You practice small steps between sessions."
        ),
        used_for=(
            "It is often used for shame, harsh self-criticism, low self-esteem, depression, "
            "anxiety and eating problems. It is also used after trauma."
        ),
        keywords=(
            "cft",
            "compassion focused therapy",
            "compassion-focused therapy",
            "self-compassion",
            "compassionate mind",
            "shame",
            "self-criticism",
        ),
    ),
    Term(
        slug="interpersonal",
        name="Interpersonal therapy (IPT)",
        short_name="IPT",
        summary=(
            "A time-limited therapy that looks at how your relationships and life events connect "
            "with how you feel."
        ),
        what_it_is=(
            "Interpersonal therapy focuses on the link between mood and what is happening in your "
            "relationships and life. It usually looks at one main area, such as grief, a conflict "
            "with someone, a big life change or feeling isolated. It is often a set number of "
            "sessions, such as 12 to 16."
        ),
        session_like=(
            "Sessions are structured and focus on the present. You and your therapist choose a "
            "focus area and work on it, such as finding new ways to handle a disagreement or "
            "building more support around you. There is usually less homework than in some other "
            "therapies."
        ),
        used_for=(
            "IPT is most often used for depression, including depression during pregnancy or "
            "after birth. It is also used for eating problems and by people going through grief "
            "or big life changes."
        ),
        keywords=(
            "ipt",
            "interpersonal therapy",
            "interpersonal psychotherapy",
            "relationships",
            "role transitions",
        ),
    ),
    Term(
        slug="cognitive-processing",
        name="Cognitive processing therapy (CPT)",
        short_name="CPT",
        summary=(
            "A structured therapy for PTSD that helps you look at and loosen painful beliefs that "
            "formed after trauma."
        ),
        what_it_is=(
            "Cognitive processing therapy is a type of CBT for PTSD. After trauma, people can get "
            "stuck with beliefs like “it was my fault” or “nowhere is safe”. CPT helps you "
            "examine these stuck points and find more balanced ways of seeing what happened."
        ),
        session_like=(
            "It is usually about 12 weekly sessions. You learn to notice stuck points and work "
            "through worksheets with your therapist. Some versions include writing an account of "
            "the trauma, but you can also do CPT without it."
        ),
        used_for=(
            "CPT is mainly used for PTSD, including after military service, assault, accidents "
            "and abuse. It is widely offered in veteran and trauma services."
        ),
        keywords=(
            "cpt",
            "cognitive processing therapy",
            "ptsd treatment",
            "stuck points",
            "trauma therapy",
            "veterans",
        ),
    ),
    Term(
        slug="psychoanalytic",
        name="Psychoanalytic therapy",
        short_name="Psychoanalytic",
        summary=(
            "An in-depth, open-ended therapy that explores the unconscious mind, dreams and early "
            "relationships."
        ),
        what_it_is=(
            "Psychoanalytic therapy comes from the ideas of Sigmund Freud and the many thinkers "
            "who came after him. It explores feelings and wishes that may be outside our "
            "awareness and how they shape our lives. It is usually long-term and aims for deep "
            "self-understanding."
        ),
        session_like=(
            "You are invited to say whatever comes to mind, including dreams and passing "
            "thoughts. Sessions may happen more than once a week, and in classic psychoanalysis "
            "you may lie on a couch. The therapist often says less and listens a lot."
        ),
        used_for=(
            "People often choose it for long-standing patterns, relationship difficulties, "
            "depression and anxiety, or simply a wish to understand themselves more fully."
        ),
        keywords=(
            "psychoanalytic",
            "psychoanalysis",
            "psychoanalytic psychotherapy",
            "analyst",
            "freudian",
            "jungian",
            "lacanian",
            "depth psychology",
        ),
    ),
    Term(
        slug="integrative",
        name="Integrative therapy",
        short_name="Integrative",
        summary=(
            "A flexible therapy that blends ideas and tools from different approaches to fit you "
            "and your needs."
        ),
        what_it_is=(
            "Integrative therapists are trained in more than one approach. Instead of using just "
            "one method, they combine ideas and tools, such as CBT skills, mindfulness and "
            "exploring your past, in a way that suits you. The relationship between you and your "
            "therapist is central."
        ),
        session_like=(
            "Sessions are shaped around you. At times they may be structured and practical, and "
            "at other times more open and reflective. A good integrative therapist will explain "
            "what they are doing and why."
        ),
        used_for=(
            "It is used for a wide range of concerns, including anxiety, depression, stress, "
            "relationships and self-esteem. It can suit people who do not fit neatly into one "
            "type of therapy."
        ),
        keywords=(
            "integrative",
            "integrative therapy",
            "integrative counseling",
            "integrative counselling",
            "eclectic",
            "pluralistic",
            "holistic",
            "multimodal",
        ),
    ),
)

SPECIALTIES: tuple[Term, ...] = (
    Term(
        slug="anxiety",
        name="Anxiety",
        short_name="Anxiety",
        summary="Worry, nerves or fear that feel hard to control and get in the way of daily life.",
        what_it_is=(
            "Everyone feels anxious sometimes. Anxiety can become a problem when worry is strong, "
            "lasts a long time or stops you from doing things you want to do. It can affect both "
            "your mind and your body."
        ),
        session_like=(
            "Therapy often helps you understand what keeps anxiety going and learn ways to calm "
            "your body and mind. You may practice facing worries in small, manageable steps. CBT, "
            "ACT and mindfulness-based approaches are commonly used."
        ),
        used_for=(
            "People often reach out when they worry most days, feel on edge or have trouble "
            "sleeping. Some start avoiding places or people, or notice a racing heart, tight "
            "chest or upset stomach when stressed."
        ),
        keywords=(
            "anxiety",
            "anxious",
            "worry",
            "worrying",
            "nerves",
            "nervousness",
            "generalized anxiety",
            "generalised anxiety",
            "gad",
            "health anxiety",
        ),
    ),
    Term(
        slug="depression",
        name="Depression",
        short_name="Depression",
        summary=(
            "Low mood, loss of interest or feeling empty that lasts for weeks and makes everyday "
            "life harder."
        ),
        what_it_is=(
            "Depression is more than feeling sad for a day or two. It can bring long stretches of "
            "low mood, tiredness and loss of interest in things you used to enjoy. It is common, "
            "and it is not a sign of weakness."
        ),
        session_like=(
            "Therapy gives you a place to talk openly and feel less alone. You might work on "
            "small, doable steps, look at patterns in your thinking, or explore relationships and "
            "past experiences. Many people see a therapist alongside support from their doctor."
        ),
        used_for=(
            "People often reach out when they feel down, flat or hopeless most days and lose "
            "interest in things. Some sleep or eat much more or less than usual, or find it hard "
            "to focus or get through the day."
        ),
        keywords=(
            "depression",
            "depressed",
            "low mood",
            "sadness",
            "feeling down",
            "hopelessness",
            "major depression",
            "mood",
            "seasonal depression",
        ),
    ),
    Term(
        slug="trauma-ptsd",
        name="Trauma and PTSD",
        short_name="Trauma",
        summary=(
            "Support after frightening, painful or overwhelming experiences that still affect how "
            "you feel today."
        ),
        what_it_is=(
            "Trauma is the lasting impact that a very frightening or distressing experience can "
            "have. It might follow one event, such as an accident or assault, or things that "
            "happened over a long time, such as abuse or neglect. Post-traumatic stress disorder "
            "(PTSD) is one way trauma can show up, but not the only one."
        ),
        session_like=(
            "Good trauma therapy starts with safety and trust, and goes at your pace. You may "
            "first learn ways to feel steady before gently working with memories, if and when you "
            "are ready. EMDR, trauma-focused CBT, CPT and somatic therapies are often used."
        ),
        used_for=(
            "People often reach out when they have upsetting memories or nightmares, or feel "
            "jumpy and always on guard. Some avoid reminders, feel numb or cut off, or feel that "
            "the world is no longer safe."
        ),
        keywords=(
            "trauma",
            "ptsd",
            "post-traumatic stress",
            "post-traumatic stress disorder",
            "post traumatic stress disorder",
            "complex ptsd",
            "cptsd",
            "complex trauma",
            "abuse",
            "flashbacks",
        ),
    ),
    Term(
        slug="grief",
        name="Grief and loss",
        short_name="Grief",
        summary=(
            "Support with the pain of losing someone or something important, in whatever way "
            "grief shows up for you."
        ),
        what_it_is=(
            "Grief is a natural response to loss. It can follow a death, but also the end of a "
            "relationship, a pregnancy loss, or losing a job, a home or your health. There is no "
            "right way or set time to grieve."
        ),
        session_like=(
            "Therapy gives you space to talk about the person or thing you lost, and to feel "
            "whatever comes up without being rushed. Over time, it can help you carry the loss "
            "and find ways to keep going. Some people also find grief groups helpful."
        ),
        used_for=(
            "People often reach out when grief feels overwhelming, stuck or lonely, or when a "
            "loss was sudden or complicated. Some come months or years later, when it still makes "
            "daily life very hard."
        ),
        keywords=(
            "grief",
            "grieving",
            "loss",
            "bereavement",
            "bereaved",
            "mourning",
            "death",
            "pregnancy loss",
            "complicated grief",
        ),
    ),
    Term(
        slug="relationships",
        name="Relationships",
        short_name="Relationships",
        summary=(
            "Help with patterns in dating, friendships, family or partner relationships that "
            "leave you hurt or stuck."
        ),
        what_it_is=(
            "Relationships shape much of our lives. Working on relationships in therapy can be "
            "done on your own, to understand how you connect with others. It can cover dating, "
            "friendships, family, work and romantic relationships."
        ),
        session_like=(
            "You might explore what you need from others, how you set boundaries and how past "
            "relationships shape the present. Your therapist may help you practice speaking up or "
            "handling conflict in new ways."
        ),
        used_for=(
            "People often reach out when they keep ending up in similar painful relationships or "
            "find it hard to trust. Some feel lonely even around others, or struggle to set "
            "boundaries."
        ),
        keywords=(
            "relationships",
            "relationship issues",
            "dating",
            "attachment",
            "boundaries",
            "codependency",
            "friendships",
            "interpersonal",
        ),
    ),
    Term(
        slug="couples",
        name="Couples therapy",
        short_name="Couples",
        summary=(
            "Therapy for partners who want to understand each other, argue less and feel closer."
        ),
        what_it_is=(
            "Couples therapy works with partners together. The therapist does not take sides, "
            "because the relationship itself is the focus. It is for couples of any gender, "
            "sexuality, age or relationship style, married or not."
        ),
        session_like=(
            "You usually meet together, and sometimes separately too. The therapist helps you "
            "each speak and listen in new ways, notice patterns in arguments and rebuild trust. "
            "The Gottman Method and emotionally focused therapy are common approaches."
        ),
        used_for=(
            "Couples often reach out when they argue a lot, feel distant or are dealing with an "
            "affair. Others come when they disagree about big decisions, face a big change like a "
            "new baby, or are thinking about separating."
        ),
        keywords=(
            "couples",
            "couples therapy",
            "couples counseling",
            "couples counselling",
            "marriage counseling",
            "marriage counselling",
            "marital therapy",
            "relationship therapy",
            "partners",
            "premarital",
        ),
    ),
    Term(
        slug="family-conflict",
        name="Family conflict",
        short_name="Family",
        summary=(
            "Support when tension, arguments or distance in a family are taking a toll on everyone."
        ),
        what_it_is=(
            "Every family has disagreements, but sometimes conflict becomes constant or painful. "
            "Therapy can help family members understand each other and find better ways to talk. "
            "It can include parents, children, siblings, adult children or extended family."
        ),
        session_like=(
            "Sessions may include the whole family or just some members. The therapist helps "
            "everyone have a voice and keeps conversations safe and fair. You may work on "
            "communication, roles and rebuilding trust."
        ),
        used_for=(
            "Families often reach out when the same arguments keep repeating or someone has "
            "stopped speaking to others. Others come when a move or a new stepfamily has caused "
            "strain, or when a child or teen is struggling."
        ),
        keywords=(
            "family conflict",
            "family therapy",
            "family counseling",
            "family counselling",
            "estrangement",
            "siblings",
            "stepfamily",
            "blended family",
        ),
    ),
    Term(
        slug="parenting",
        name="Parenting",
        short_name="Parenting",
        summary=(
            "Support for parents and caregivers with the joys, stresses and challenges of raising "
            "children."
        ),
        what_it_is=(
            "Parenting can be rewarding and also very hard. Therapy can help you understand your "
            "child's needs, manage your own stress and find ways of parenting that fit your "
            "family. It is for all kinds of parents and caregivers, including stepparents, foster "
            "parents, adoptive parents and co-parents."
        ),
        session_like=(
            "You might talk through specific situations, learn new ways to respond to difficult "
            "behavior, and think about how your own childhood affects your parenting. Some "
            "sessions may include your child."
        ),
        used_for=(
            "Parents often reach out when they feel overwhelmed or keep clashing with a child. "
            "Others want help supporting a child who is struggling, or co-parenting after a "
            "separation."
        ),
        keywords=(
            "parenting",
            "parents",
            "caregivers",
            "carers",
            "child behavior",
            "child behaviour",
            "co-parenting",
            "parent coaching",
            "adoption",
            "fostering",
        ),
    ),
    Term(
        slug="stress",
        name="Stress",
        short_name="Stress",
        summary=(
            "Help when pressure from work, home, money or health feels like too much to manage."
        ),
        what_it_is=(
            "Stress is the body and mind's response to pressure. A little can help us get things "
            "done, but too much for too long can affect sleep, mood, health and relationships. "
            "Therapy can help you find ways to cope and to ease the pressure where you can."
        ),
        session_like=(
            "You might look at what is causing stress and what is within your control. You may "
            "learn practical skills like relaxation, problem-solving and setting limits. "
            "Mindfulness-based approaches and CBT are often used."
        ),
        used_for=(
            "People often reach out when they feel tense or irritable most of the time, or cannot "
            "switch off. Some get frequent headaches, stomach problems or poor sleep, or feel "
            "they cannot keep up."
        ),
        keywords=(
            "stress",
            "stressed",
            "stress management",
            "pressure",
            "overwhelm",
            "overwhelmed",
            "tension",
        ),
    ),
    Term(
        slug="burnout",
        name="Burnout",
        short_name="Burnout",
        summary=(
            "Support when long-term stress, often from work or caring for others, leaves you "
            "drained and detached."
        ),
        what_it_is=(
            "Burnout is a state of deep exhaustion that can build up after long periods of "
            "stress, often at work or in caring roles. It can leave you feeling drained, cynical "
            "and less able to do things that once felt manageable. It can affect anyone, in any "
            "job."
        ),
        session_like=(
            "Therapy can help you understand what led to burnout and rebuild your energy step by "
            "step. You might work on boundaries, rest, your values and what you want your work "
            "life to look like."
        ),
        used_for=(
            "People often reach out when they feel exhausted most of the time and dread work. "
            "Some feel numb or cynical about things they used to care about, or get less done no "
            "matter how hard they try."
        ),
        keywords=(
            "burnout",
            "burn out",
            "burnt out",
            "burned out",
            "exhaustion",
            "compassion fatigue",
            "caregiver burnout",
            "work stress",
        ),
    ),
    Term(
        slug="ocd",
        name="Obsessive-compulsive disorder (OCD)",
        short_name="OCD",
        summary=(
            "Help with unwanted, repeating thoughts and the urges or rituals that come with them."
        ),
        what_it_is=(
            "OCD involves obsessions, which are unwanted thoughts, images or urges that cause "
            "distress, and compulsions, which are things people feel they must do to ease that "
            "distress. It is not about being tidy, and the thoughts do not reflect who you are. "
            "OCD can take many forms."
        ),
        session_like=(
            "Exposure and response prevention (ERP), a type of CBT, is the approach most often "
            "recommended. With a therapist, you gradually face fears while resisting rituals, at "
            "a pace you agree on. ACT is sometimes used alongside it."
        ),
        used_for=(
            "People often reach out when distressing thoughts keep coming back. Some spend a lot "
            "of time checking, washing, counting or seeking reassurance, or find rituals getting "
            "in the way of daily life."
        ),
        keywords=(
            "ocd",
            "obsessive compulsive disorder",
            "obsessive-compulsive disorder",
            "intrusive thoughts",
            "compulsions",
            "rituals",
            "checking",
            "pure o",
            "contamination",
        ),
    ),
    Term(
        slug="adhd",
        name="Attention deficit hyperactivity disorder (ADHD)",
        short_name="ADHD",
        summary=(
            "Support for children and adults who have ADHD or think they might, with focus, "
            "planning and restlessness."
        ),
        what_it_is=(
            "ADHD is a difference in how the brain handles attention, activity and impulses. It "
            "affects children and adults, and it can look very different from person to person. "
            "Many people are first diagnosed as adults."
        ),
        session_like=(
            "Therapy often focuses on practical ways to manage planning, time and focus, and on "
            "feelings that can come with ADHD, such as frustration or low self-esteem. Some "
            "therapists offer ADHD coaching or work with families. Therapy is often used "
            "alongside other support."
        ),
        used_for=(
            "People often reach out when they struggle to focus, finish tasks or stay organized, "
            "or often lose things or run late. Some wonder whether ADHD might explain challenges "
            "they have had all their life."
        ),
        keywords=(
            "adhd",
            "add",
            "attention deficit",
            "attention deficit hyperactivity disorder",
            "focus",
            "neurodivergent",
            "executive function",
            "organization",
            "organisation",
        ),
    ),
    Term(
        slug="autism",
        name="Autism",
        short_name="Autism",
        summary=(
            "Neurodiversity-affirming support for autistic people and their families, respecting "
            "how each person experiences the world."
        ),
        what_it_is=(
            "Autism is a lifelong difference in how people communicate, process senses and "
            "experience the world. Many autistic people prefer to be called “autistic” rather "
            "than “person with autism”. Affirming therapy is not about changing who you are, but "
            "about support with things that feel hard."
        ),
        session_like=(
            "An autism-affirming therapist will adapt sessions to you, for example with clear "
            "structure, written notes, breaks or a sensory-friendly space. Work may focus on "
            "anxiety, burnout, relationships, or understanding yourself after a late diagnosis."
        ),
        used_for=(
            "People often reach out after a new diagnosis, or when they feel worn out from "
            "masking. Others come for help with anxiety or sensory overload, or for support with "
            "an autistic family member."
        ),
        keywords=(
            "autism",
            "autistic",
            "asd",
            "autism spectrum",
            "asperger",
            "aspergers",
            "neurodivergent",
            "neurodiversity",
            "masking",
        ),
    ),
    Term(
        slug="eating-disorders",
        name="Eating disorders",
        short_name="Eating disorders",
        summary="Support with a difficult relationship with food, eating, weight or body shape.",
        what_it_is=(
            "Eating disorders are serious conditions where food, eating and weight become tied up "
            "with difficult feelings. They include anorexia, bulimia, binge eating disorder and "
            "ARFID, and they affect people of all genders, ages and body sizes. Many people do "
            "recover, often with support from a team."
        ),
        session_like=(
            "Therapy often works alongside a doctor and a dietitian. Approaches include CBT, "
            "family-based treatment for young people, DBT and compassion-focused therapy. The "
            "work may cover eating patterns, feelings and how you see yourself."
        ),
        used_for=(
            "People often reach out when thoughts about food, weight or shape take up much of "
            "their day. Some restrict, binge or purge, and sometimes it is a loved one who is "
            "worried about their eating."
        ),
        keywords=(
            "eating disorder",
            "eating disorders",
            "disordered eating",
            "anorexia",
            "bulimia",
            "binge eating",
            "arfid",
            "osfed",
            "food",
        ),
    ),
    Term(
        slug="substance-use",
        name="Substance use",
        short_name="Substance use",
        summary=(
            "Non-judging help with alcohol or drug use, whether you want to cut down, stop or "
            "just understand it better."
        ),
        what_it_is=(
            "Many people use alcohol or drugs to relax, cope or have fun. Sometimes use grows and "
            "starts to cause problems with health, work or relationships. Therapy can meet you "
            "where you are, whether you want to stop, cut down or simply think things through."
        ),
        session_like=(
            "Therapists often use motivational interviewing and CBT to help you explore your "
            "goals and build coping skills. Some work with harm-reduction goals. Therapy may link "
            "in with medical care or peer support."
        ),
        used_for=(
            "People often reach out when they drink or use more than they meant to, or feel they "
            "need it to cope. Some notice it affecting work or relationships, or have tried to "
            "cut down on their own."
        ),
        keywords=(
            "substance use",
            "alcohol",
            "drinking",
            "drugs",
            "drug use",
            "cannabis",
            "opioids",
            "harm reduction",
            "sobriety",
            "recovery",
        ),
    ),
    Term(
        slug="addiction",
        name="Addiction",
        short_name="Addiction",
        summary=(
            "Support with habits that feel out of control, including gambling, gaming, alcohol, "
            "drugs or other behaviors."
        ),
        what_it_is=(
            "Addiction is when a substance or activity becomes very hard to stop even though it "
            "is causing harm. It can involve alcohol or drugs, but also behaviors like gambling, "
            "gaming, shopping or sex. It is not a moral failing, and many people find a way to "
            "change with support."
        ),
        session_like=(
            "Therapy often looks at what the habit gives you, what sets it off and what else "
            "could meet those needs. Approaches include CBT, motivational interviewing and "
            "relapse prevention planning, sometimes alongside peer support groups."
        ),
        used_for=(
            "People often reach out when they keep going back to a habit despite wanting to stop, "
            "or hide it from others. Some feel guilt or shame about it, or see it hurting their "
            "money, work or relationships."
        ),
        keywords=(
            "addiction",
            "addicted",
            "gambling",
            "gaming",
            "compulsive behavior",
            "compulsive behaviour",
            "relapse prevention",
            "dependency",
            "recovery",
        ),
    ),
    Term(
        slug="self-esteem",
        name="Self-esteem",
        short_name="Self-esteem",
        summary="Help with a harsh inner critic, self-doubt or feeling not good enough.",
        what_it_is=(
            "Self-esteem is how you see and value yourself. When it is low, you may be very hard "
            "on yourself, doubt your abilities or feel you do not deserve good things. It often "
            "grows out of past experiences, and it can change."
        ),
        session_like=(
            "Therapy can help you notice your inner critic, understand where it came from and "
            "practice a kinder, fairer view of yourself. CBT, compassion-focused therapy and "
            "person-centered therapy are often used."
        ),
        used_for=(
            "People often reach out when they constantly compare themselves to others or struggle "
            "to accept compliments. Some find it hard to say no, or feel like a fraud even when "
            "things go well."
        ),
        keywords=(
            "self-esteem",
            "self esteem",
            "confidence",
            "self-confidence",
            "self-worth",
            "self worth",
            "imposter syndrome",
            "impostor syndrome",
            "inner critic",
            "self-criticism",
        ),
    ),
    Term(
        slug="life-transitions",
        name="Life transitions",
        short_name="Life transitions",
        summary=(
            "Support through big changes such as moving, a new job, retirement, becoming a parent "
            "or leaving home."
        ),
        what_it_is=(
            "Even good changes can be stressful. Life transitions can bring mixed feelings, like "
            "excitement and loss at the same time. Therapy can offer steady support while you "
            "adjust and work out what comes next."
        ),
        session_like=(
            "Sessions may focus on making sense of what is changing, coping with uncertainty and "
            "finding your footing. Some people find that a few months of support helps them "
            "through a big change."
        ),
        used_for=(
            "People often reach out after a move, a career change, retirement or children leaving "
            "home. Any change that leaves you feeling unsettled, lost or unsure who you are now "
            "is a good reason."
        ),
        keywords=(
            "life transitions",
            "life changes",
            "transition",
            "moving",
            "relocation",
            "retirement",
            "career change",
            "empty nest",
            "quarter-life",
            "midlife",
        ),
    ),
    Term(
        slug="lgbtq",
        name="LGBTQ+ affirming care",
        short_name="LGBTQ+",
        summary=(
            "Affirming support for lesbian, gay, bisexual, transgender, queer and questioning "
            "people, and their families."
        ),
        what_it_is=(
            "LGBTQ+ affirming therapists respect and support every person's sexual orientation "
            "and gender identity. Being LGBTQ+ is not something to fix. Therapy can help with any "
            "concern, including the stress of discrimination, coming out or exploring identity."
        ),
        session_like=(
            "You can expect a therapist who uses your name and pronouns and does not make "
            "assumptions. Sessions may cover identity, relationships, family, faith or anything "
            "else you bring. Some therapists also support people through gender transition."
        ),
        used_for=(
            "People often reach out when exploring their identity, thinking about coming out, or "
            "facing rejection or discrimination. Others want support with relationships or "
            "transition, or simply a therapist who understands."
        ),
        keywords=(
            "lgbtq",
            "lgbtq+",
            "lgbtqia",
            "lgbt",
            "gay",
            "lesbian",
            "bisexual",
            "transgender",
            "trans",
            "queer",
            "nonbinary",
            "non-binary",
            "gender identity",
            "sexual orientation",
            "coming out",
            "gender-affirming",
        ),
    ),
    Term(
        slug="anger",
        name="Anger",
        short_name="Anger",
        summary=(
            "Help when anger feels too big or too frequent, or starts to hurt your relationships, "
            "work or health."
        ),
        what_it_is=(
            "Anger is a normal feeling and can tell us when something is wrong. It can become a "
            "problem when it is very intense, comes out in ways that hurt people, or is held in "
            "until it builds up. Therapy can help you understand it and handle it differently."
        ),
        session_like=(
            "You might learn to spot early warning signs, calm your body and express your needs "
            "without blowing up. Therapy also looks at what often lies under anger, such as hurt, "
            "fear or stress. CBT and DBT skills are commonly used."
        ),
        used_for=(
            "People often reach out when they lose their temper more than they want to, or say "
            "and do things they later regret. Some feel irritable most of the time, or others "
            "have said they are worried."
        ),
        keywords=(
            "anger",
            "anger management",
            "temper",
            "rage",
            "irritability",
            "frustration",
            "aggression",
        ),
    ),
    Term(
        slug="bipolar",
        name="Bipolar disorder",
        short_name="Bipolar",
        summary=(
            "Support for living with big shifts in mood and energy, alongside care from a doctor."
        ),
        what_it_is=(
            "Bipolar disorder involves periods of very low mood and periods of very high or "
            "irritable mood and energy, called mania or hypomania. It is usually managed with "
            "care from a doctor, and therapy can be a helpful part of that support. Many people "
            "with bipolar disorder live full lives."
        ),
        session_like=(
            "Therapy often focuses on spotting early warning signs, keeping steady routines for "
            "sleep and activity, and planning ahead for harder times. Family members may be "
            "involved. CBT, interpersonal and social rhythm therapy and education about the "
            "condition are commonly used."
        ),
        used_for=(
            "People often reach out when they notice big swings in mood, energy or sleep, or "
            "after a recent diagnosis. Others want help staying well and managing the impact on "
            "work and relationships."
        ),
        keywords=(
            "bipolar",
            "bipolar disorder",
            "manic depression",
            "mania",
            "hypomania",
            "mood swings",
            "mood disorder",
        ),
    ),
    Term(
        slug="insomnia",
        name="Insomnia and sleep",
        short_name="Insomnia",
        summary=(
            "Help when trouble falling or staying asleep leaves you tired and affects your days."
        ),
        what_it_is=(
            "Insomnia means trouble falling asleep, staying asleep or waking too early, often for "
            "weeks or months. It can be linked to stress, worry, low mood, pain or habits. Poor "
            "sleep can make everything else feel harder."
        ),
        session_like=(
            "CBT for insomnia (CBT-I) is a short, structured program often recommended for "
            "long-term sleep problems. It looks at sleep habits, timing and the worries that keep "
            "the mind busy at night. You usually keep a simple sleep diary."
        ),
        used_for=(
            "People often reach out when they lie awake most nights, wake up tired or dread "
            "bedtime. Some find poor sleep is affecting their mood, focus or work."
        ),
        keywords=(
            "insomnia",
            "sleep",
            "sleep problems",
            "cbt-i",
            "cbti",
            "can't sleep",
            "cannot sleep",
            "sleeplessness",
            "nightmares",
        ),
    ),
    Term(
        slug="panic",
        name="Panic attacks",
        short_name="Panic",
        summary=(
            "Help with sudden waves of intense fear and body symptoms, and the worry about when "
            "the next one will come."
        ),
        what_it_is=(
            "A panic attack is a sudden rush of intense fear, often with a racing heart, "
            "shortness of breath, dizziness or shaking. Panic attacks feel frightening, but they "
            "pass, and it is a good idea to see a doctor to rule out other causes. Some people "
            "start to avoid places in case an attack happens."
        ),
        session_like=(
            "CBT is often used to help you understand the cycle of panic and gently face the body "
            "sensations and situations you have been avoiding. You learn that you can ride out "
            "the feelings. Breathing and grounding skills can also help."
        ),
        used_for=(
            "People often reach out after a first panic attack, or when attacks keep happening. "
            "Some live in fear of the next one, or start avoiding shops, travel or crowds."
        ),
        keywords=(
            "panic",
            "panic attacks",
            "panic disorder",
            "anxiety attack",
            "agoraphobia",
            "heart racing",
        ),
    ),
    Term(
        slug="phobias",
        name="Phobias",
        short_name="Phobias",
        summary=(
            "Help with strong fears of specific things, such as flying, needles, heights, animals "
            "or vomiting."
        ),
        what_it_is=(
            "A phobia is an intense fear of a particular thing or situation, much stronger than "
            "the real risk. It can lead people to go out of their way to avoid it, even when that "
            "costs them. Phobias are very common."
        ),
        session_like=(
            "Therapy usually involves gradual exposure: facing the fear in small, planned steps, "
            "with support, at a pace you agree on. Some specific phobias can be worked on in "
            "quite a small number of sessions."
        ),
        used_for=(
            "People often reach out when a fear stops them doing things they want or need to do. "
            "Common examples are flying, going to medical appointments, driving and traveling."
        ),
        keywords=(
            "phobia",
            "phobias",
            "specific phobia",
            "fear",
            "fear of flying",
            "needle phobia",
            "emetophobia",
            "claustrophobia",
            "fear of heights",
            "spiders",
        ),
    ),
    Term(
        slug="social-anxiety",
        name="Social anxiety",
        short_name="Social anxiety",
        summary=(
            "Help when fear of being judged or embarrassed makes social situations feel very hard."
        ),
        what_it_is=(
            "Social anxiety is more than shyness. It is a strong fear of being watched, judged or "
            "embarrassed, which can make talking, eating in front of people or speaking up very "
            "stressful. It often starts in the teenage years."
        ),
        session_like=(
            "CBT is often used to help you notice anxious predictions, drop safety behaviors and "
            "try social situations in small steps. Your therapist may practice conversations with "
            "you in sessions. Group therapy is another option."
        ),
        used_for=(
            "People often reach out when they avoid social events or dread meetings and phone "
            "calls. Some replay conversations for hours afterward, or feel lonely because fear "
            "holds them back."
        ),
        keywords=(
            "social anxiety",
            "social phobia",
            "shyness",
            "shy",
            "fear of judgment",
            "fear of judgement",
            "public speaking",
            "performance anxiety",
        ),
    ),
    Term(
        slug="postnatal",
        name="Perinatal mental health",
        short_name="Perinatal",
        summary=(
            "Support for parents during pregnancy and the first year or two after birth, when "
            "mental health can be hit hard."
        ),
        what_it_is=(
            "Pregnancy and the time after birth bring huge changes, and many parents struggle "
            "with their mental health. This can include depression, anxiety, frightening unwanted "
            "thoughts, or distress after a difficult birth. It can affect mothers, fathers and "
            "partners of any gender, and it does not make you a bad parent."
        ),
        session_like=(
            "Therapy offers a calm, non-judging space and practical support that fits around a "
            "baby. Some therapists welcome babies in sessions or offer online appointments. IPT, "
            "CBT and compassion-focused approaches are commonly used."
        ),
        used_for=(
            "People often reach out when they feel low, anxious or numb during pregnancy or after "
            "birth, or have scary unwanted thoughts. Some feel disconnected from their baby or "
            "keep reliving the birth. If confusion, or seeing or hearing things, comes on "
            "suddenly, contact a doctor or emergency services right away."
        ),
        keywords=(
            "perinatal",
            "postnatal",
            "postpartum",
            "postnatal depression",
            "postpartum depression",
            "ppd",
            "antenatal",
            "prenatal",
            "pregnancy",
            "birth trauma",
            "maternal mental health",
            "new parent",
        ),
    ),
    Term(
        slug="infertility",
        name="Infertility and fertility challenges",
        short_name="Infertility",
        summary=(
            "Support through the emotional ups and downs of trying to conceive, fertility "
            "treatment and pregnancy loss."
        ),
        what_it_is=(
            "Trying for a baby when it does not happen easily can be painful, lonely and "
            "stressful. Fertility treatment, donor conception, surrogacy, adoption and pregnancy "
            "loss can all bring strong feelings. Support is available for individuals and couples "
            "of any gender or relationship."
        ),
        session_like=(
            "Therapy offers space for grief, hope, frustration and decisions that can feel huge. "
            "You may work on coping with the waiting, talking with a partner and handling "
            "questions from others. Some therapists specialize in reproductive mental health."
        ),
        used_for=(
            "People often reach out when trying to conceive is taking over their life, or when "
            "treatment feels overwhelming. Others come after a loss or an unsuccessful cycle, or "
            "when facing hard decisions about next steps."
        ),
        keywords=(
            "infertility",
            "fertility",
            "ivf",
            "trying to conceive",
            "ttc",
            "miscarriage",
            "pregnancy loss",
            "reproductive",
            "surrogacy",
            "donor conception",
        ),
    ),
    Term(
        slug="chronic-illness",
        name="Chronic illness",
        short_name="Chronic illness",
        summary="Support for the emotional side of living with a long-term health condition.",
        what_it_is=(
            "Living with a long-term condition, such as diabetes, multiple sclerosis, long COVID, "
            "heart disease or cancer, affects far more than the body. It can change work, "
            "relationships, identity and plans for the future. Therapy can help with the feelings "
            "and adjustments that come with it."
        ),
        session_like=(
            "Therapy may focus on coping with uncertainty, grieving what has changed, pacing your "
            "energy, and talking with doctors and loved ones. ACT and CBT are often used. Many "
            "therapists offer online sessions for people who find travel hard."
        ),
        used_for=(
            "People often reach out after a diagnosis, or when an illness affects their mood or "
            "relationships. Others feel isolated or misunderstood, or are caring for someone who "
            "is ill."
        ),
        keywords=(
            "chronic illness",
            "long-term condition",
            "long-term illness",
            "chronic disease",
            "long covid",
            "cancer",
            "diabetes",
            "multiple sclerosis",
            "disability",
            "health psychology",
        ),
    ),
    Term(
        slug="chronic-pain",
        name="Chronic pain",
        short_name="Chronic pain",
        summary=(
            "Help with the stress, low mood and daily impact of pain that lasts for months or "
            "longer."
        ),
        what_it_is=(
            "Chronic pain is pain that lasts for three months or more. It is real, and seeing a "
            "therapist does not mean it is all in your head. Pain and mood affect each other, and "
            "therapy can help you cope and do more of what matters, alongside medical care."
        ),
        session_like=(
            "Therapy may include pacing, relaxation, working with unhelpful thoughts about pain "
            "and planning meaningful activities. ACT, CBT and mindfulness-based approaches are "
            "commonly used, sometimes as part of a pain program."
        ),
        used_for=(
            "People often reach out when pain limits their daily life or affects their sleep or "
            "mood. Some feel dismissed, or find that pain makes work and relationships harder."
        ),
        keywords=(
            "chronic pain",
            "pain management",
            "persistent pain",
            "fibromyalgia",
            "back pain",
            "migraine",
            "pain psychology",
        ),
    ),
    Term(
        slug="divorce",
        name="Divorce and separation",
        short_name="Divorce",
        summary=(
            "Support through the end of a marriage or long-term relationship, for adults and "
            "children."
        ),
        what_it_is=(
            "Separation and divorce can bring grief, anger, relief, worry about money and "
            "children, and big practical changes all at once. Therapy can help you work through "
            "the feelings and make decisions with a clearer head. It is not a replacement for "
            "legal or financial advice."
        ),
        session_like=(
            "Sessions may focus on coping with loss, managing conflict with an ex, co-parenting "
            "and rebuilding your life. Some therapists work with children or whole families going "
            "through separation. Discernment counseling can help couples who are unsure whether "
            "to stay together."
        ),
        used_for=(
            "People often reach out when deciding whether to separate, or during a divorce. "
            "Others come when co-parenting feels tense, or when they are struggling to move on."
        ),
        keywords=(
            "divorce",
            "separation",
            "breakup",
            "break-up",
            "co-parenting",
            "custody",
            "discernment counseling",
            "discernment counselling",
            "ending a relationship",
        ),
    ),
    Term(
        slug="racial-identity",
        name="Racial and cultural identity",
        short_name="Racial identity",
        summary=(
            "Culturally responsive support with racial and cultural identity, racism and a sense "
            "of belonging."
        ),
        what_it_is=(
            "Race, culture and ethnicity shape how we are seen and how we see ourselves. Racism, "
            "everyday slights or feeling caught between cultures can take a real toll. A "
            "culturally responsive therapist offers a space where these experiences are taken "
            "seriously."
        ),
        session_like=(
            "You can expect a therapist who is open about identity, does not expect you to "
            "educate them, and makes room for the impact of racism and culture. Some people look "
            "for a therapist who shares their background, and it is fine to ask about this."
        ),
        used_for=(
            "People often reach out when dealing with racism, discrimination or racial trauma. "
            "Others are exploring identity as a multiracial, adopted or immigrant person, or feel "
            "the stress of being the only one like them at work or school."
        ),
        keywords=(
            "racial identity",
            "cultural identity",
            "racism",
            "racial trauma",
            "discrimination",
            "bipoc",
            "poc",
            "black",
            "asian",
            "latinx",
            "latino",
            "latina",
            "hispanic",
            "immigrant",
            "multiracial",
            "microaggressions",
            "acculturation",
        ),
    ),
    Term(
        slug="workplace",
        name="Work and career",
        short_name="Work",
        summary="Support with work stress, career decisions, difficult colleagues or losing a job.",
        what_it_is=(
            "Work takes up a big part of life and can affect how we feel about ourselves. "
            "Problems at work, or not having work, can spill into sleep, mood and relationships. "
            "Therapy can help you cope and think through what you want."
        ),
        session_like=(
            "Sessions may focus on managing stress, handling conflict, setting boundaries, making "
            "career decisions, or coping with a layoff or job loss. Some therapists combine "
            "therapy with career coaching."
        ),
        used_for=(
            "People often reach out when they dread going to work, or face bullying or conflict. "
            "Others feel stuck in their career, have lost a job, or struggle to switch off after "
            "work."
        ),
        keywords=(
            "workplace",
            "work",
            "work stress",
            "career",
            "job",
            "job loss",
            "layoff",
            "redundancy",
            "unemployment",
            "workplace bullying",
            "work-life balance",
        ),
    ),
    Term(
        slug="academic-stress",
        name="School and academic stress",
        short_name="Academic stress",
        summary=(
            "Help for students with exam pressure, perfectionism, motivation or fitting in at "
            "school, college or university."
        ),
        what_it_is=(
            "School, college and university can bring heavy pressure to perform, alongside big "
            "social and life changes. Stress about grades, exams or deadlines can affect sleep, "
            "mood and confidence. Therapy can help students find balance and cope."
        ),
        session_like=(
            "Therapy may include practical skills for studying and managing time, coping with "
            "exam nerves, and working on perfectionism or self-criticism. With younger students, "
            "parents may be involved. Some therapists focus on graduate students or young adults."
        ),
        used_for=(
            "Students often reach out when they feel overwhelmed by work or panic before exams. "
            "Some put things off and feel guilty, feel they are never good enough, or feel "
            "homesick or isolated."
        ),
        keywords=(
            "academic stress",
            "school stress",
            "exam stress",
            "test anxiety",
            "exam anxiety",
            "students",
            "college",
            "university",
            "grad school",
            "perfectionism",
            "procrastination",
        ),
    ),
    Term(
        slug="loneliness",
        name="Loneliness",
        short_name="Loneliness",
        summary=(
            "Support when you feel alone, disconnected or without people who really understand you."
        ),
        what_it_is=(
            "Loneliness is the painful feeling of not having the connection you need. You can "
            "feel lonely when you are alone or when you are surrounded by people. It is very "
            "common, especially after moves, loss or big changes, and it is nothing to be ashamed "
            "of."
        ),
        session_like=(
            "Therapy itself can offer a sense of connection. You may explore what gets in the way "
            "of closeness, build confidence in reaching out, and find small steps toward "
            "friendship and community."
        ),
        used_for=(
            "People often reach out when they feel they have no one to talk to, or after moving "
            "or losing someone. Some find friendships have faded, or that social worries keep "
            "them from connecting."
        ),
        keywords=(
            "loneliness",
            "lonely",
            "isolation",
            "isolated",
            "social isolation",
            "disconnection",
            "connection",
            "friendship",
        ),
    ),
    Term(
        slug="self-harm",
        name="Self-harm",
        short_name="Self-harm",
        summary=(
            "Caring, non-judging support for self-harm; if you are in danger now, call or text "
            "988 (US) or call Samaritans on 116 123 (UK)."
        ),
        what_it_is=(
            "Self-harm is when someone hurts themselves on purpose, often as a way to cope with "
            "feelings that seem too much. It is more common than many people think, and people "
            "who self-harm deserve care, not judgment. If you are in danger now, call or text 988 "
            "(US), call Samaritans on 116 123 (UK), or call emergency services on 911 (US) or 999 "
            "(UK)."
        ),
        session_like=(
            "A good therapist will listen without judging and will not push you to stop before "
            "you are ready. Together you can understand what self-harm does for you and build "
            "other ways to cope. DBT skills are often used, and your therapist will help you make "
            "a safety plan."
        ),
        used_for=(
            "People often reach out when they are hurting themselves to cope, or feel urges to "
            "self-harm. Some want to stop but find it hard, and others are worried about someone "
            "they love. If you are in danger now, call or text 988 (US), call Samaritans on 116 "
            "123 (UK), or call emergency services on 911 (US) or 999 (UK)."
        ),
        keywords=(
            "self-harm",
            "self harm",
            "self-injury",
            "self injury",
            "self-injurious behavior",
            "self-injurious behaviour",
            "nssi",
            "cutting",
            "hurting myself",
        ),
    ),
    Term(
        slug="suicidal-thoughts",
        name="Suicidal thoughts",
        short_name="Suicidal thoughts",
        summary=(
            "Compassionate support for thoughts of suicide; if you are in danger now, call or "
            "text 988 (US) or call Samaritans on 116 123 (UK)."
        ),
        what_it_is=(
            "Many people have thoughts of suicide at some point, often when pain feels endless or "
            "they cannot see a way forward. Having these thoughts does not make you a bad or weak "
            "person, and talking about them can help. If you are in danger now, call or text 988 "
            "(US), call Samaritans on 116 123 (UK), or call emergency services on 911 (US) or 999 "
            "(UK)."
        ),
        session_like=(
            "A therapist will talk openly and calmly about suicidal thoughts, and asking about "
            "them does not put the idea in your head. Together you will usually make a safety "
            "plan, look at what is causing the pain and find reasons and support for living. DBT, "
            "CBT and other suicide-focused approaches are often used."
        ),
        used_for=(
            "People often reach out when they think about dying, wish they were not here, or feel "
            "like a burden. Others feel trapped or hopeless, or have survived a suicide attempt "
            "or lost someone to suicide. If you are in danger now, call or text 988 (US), call "
            "Samaritans on 116 123 (UK), or call emergency services on 911 (US) or 999 (UK)."
        ),
        keywords=(
            "suicidal thoughts",
            "suicide",
            "suicidal",
            "suicidal ideation",
            "suicide prevention",
            "wanting to die",
            "suicide loss",
            "suicide bereavement",
            "crisis",
        ),
    ),
    Term(
        slug="personality",
        name="Personality disorders",
        short_name="Personality",
        summary=(
            "Support for long-standing patterns in emotions, self-image and relationships that "
            "cause a lot of pain."
        ),
        what_it_is=(
            "Some people have long-lasting patterns in how they feel, see themselves and relate "
            "to others that cause them a lot of distress. These are sometimes diagnosed as "
            "personality disorders, such as borderline personality disorder (BPD), called "
            "emotionally unstable personality disorder (EUPD) in the UK. These labels can feel "
            "harsh, and they describe patterns, not who you are."
        ),
        session_like=(
            "Longer-term, structured therapies are often used, such as DBT, schema therapy and "
            "mentalization-based treatment (MBT). A steady, trusting relationship with the "
            "therapist is a key part of the work."
        ),
        used_for=(
            "People often reach out when emotions feel intense and change quickly, or "
            "relationships often feel stormy. Some have a shaky sense of who they are, or have "
            "been given a personality disorder diagnosis and want support."
        ),
        keywords=(
            "personality disorder",
            "personality disorders",
            "bpd",
            "borderline",
            "borderline personality disorder",
            "eupd",
            "emotionally unstable personality disorder",
            "mbt",
            "mentalization",
            "mentalisation",
        ),
    ),
    Term(
        slug="psychosis",
        name="Psychosis",
        short_name="Psychosis",
        summary=(
            "Support for people who hear, see or believe things that others do not, alongside "
            "care from a medical team."
        ),
        what_it_is=(
            "Psychosis is when someone loses some contact with what other people see as real. It "
            "might include hearing voices, seeing things or holding strong beliefs that others do "
            "not share. It can happen with schizophrenia, bipolar disorder, extreme stress, lack "
            "of sleep or drug use, and it is usually supported by a care team."
        ),
        session_like=(
            "Therapy usually works alongside medical care. CBT for psychosis (CBTp) can help you "
            "make sense of and cope with voices or unusual beliefs, and family work can help "
            "loved ones support you. You and your therapist set the pace together."
        ),
        used_for=(
            "People often reach out after a first episode, or when voices or unusual experiences "
            "are distressing. Others want help staying well, or support for a family member. If "
            "these experiences are new or sudden, contact a doctor or emergency services right "
            "away."
        ),
        keywords=(
            "psychosis",
            "schizophrenia",
            "schizoaffective",
            "hearing voices",
            "voices",
            "hallucinations",
            "delusions",
            "paranoia",
            "cbtp",
            "early intervention",
        ),
    ),
    Term(
        slug="body-image",
        name="Body image",
        short_name="Body image",
        summary=(
            "Help when thoughts and feelings about how your body looks take up too much space in "
            "your life."
        ),
        what_it_is=(
            "Body image is how you think and feel about your body. Many people feel unhappy with "
            "their body at times, but for some it becomes constant and painful. It can be linked "
            "to weight, shape, skin, hair, disability, gender or aging, and it affects people of "
            "all genders."
        ),
        session_like=(
            "Therapy can help you notice where these feelings came from, including culture and "
            "social media, and build a kinder, more neutral relationship with your body. CBT, ACT "
            "and compassion-focused therapy are often used. Some therapists take a "
            "weight-inclusive approach."
        ),
        used_for=(
            "People often reach out when they check or hide their body a lot, or avoid photos, "
            "mirrors or activities. Some constantly compare themselves to others, or feel their "
            "worth depends on how they look."
        ),
        keywords=(
            "body image",
            "body dysmorphia",
            "body dysmorphic disorder",
            "bdd",
            "body confidence",
            "appearance",
            "body positivity",
            "body neutrality",
            "weight stigma",
        ),
    ),
    Term(
        slug="spirituality",
        name="Spirituality and faith",
        short_name="Spirituality",
        summary=(
            "Support that respects your faith, spiritual beliefs or questions, including when "
            "faith has been a source of hurt."
        ),
        what_it_is=(
            "For many people, faith and spirituality are an important part of life and a source "
            "of strength. For others, they bring questions, doubt or pain, such as after leaving "
            "a religious community. Therapy can welcome these parts of you, whatever you believe."
        ),
        session_like=(
            "Some therapists bring faith into therapy if you wish, while others offer a neutral, "
            "respectful space. You can ask a therapist how they approach spirituality. Sessions "
            "may touch on meaning, values, guilt, doubt or religious trauma."
        ),
        used_for=(
            "People often reach out when they want therapy that respects their faith, or are "
            "questioning their beliefs. Others are facing a crisis of meaning, or have been hurt "
            "by a religious group."
        ),
        keywords=(
            "spirituality",
            "spiritual",
            "faith",
            "religion",
            "religious",
            "faith-based",
            "christian counseling",
            "christian counselling",
            "religious trauma",
            "meaning",
            "existential",
        ),
    ),
)
