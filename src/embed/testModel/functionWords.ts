// Frequent words that carry little topic: they get short vectors so content words dominate
// the mean-pooled sentence vector, much as they do in a trained model.
const ENGLISH = `a an the of in on at to for from with by about into over after before than as
and or but not no nor so if then that this these those there here it its they them their he
him his she her we us our you your i me my is are was were be been being am has have had do
does did will would shall should can could may might must what which who whom whose how many
much when where why whether also just very more most such only`;

const ARABIC = `في من على إلى الى عن مع أن إن أنه إنه أنها كان كانت يكون تكون قد لقد لا لم لن ما
ماذا متى أين كيف لماذا كم هل هذا هذه ذلك تلك هؤلاء الذي التي الذين اللذان اللتان هو هي هم هن
نحن أنا أنت و أو أم ثم بل حيث بين كما كل بعض أي إذا إذ لكن لكنه غير تم وقد فقد وفي ومن وهو وهي
ولا وما وكان وكانت عند بعد قبل منذ خلال حتى أيضا مثل`;

export const FUNCTION_WORDS: readonly string[] = `${ENGLISH} ${ARABIC}`.split(/\s+/).filter(Boolean);
